/**
 * The rig's Airflow users: simple auth manager users with fixed passwords, one per role
 * (written to the home's password file before start, see instance.ts).
 */

export interface AirflowUser {
  username: string;
  password: string;
  role: 'admin' | 'op' | 'user' | 'viewer';
}

/** Simple auth manager users with fixed passwords (written to the password file before start). */
export const USERS = {
  admin: { username: 'admin', password: 'admin', role: 'admin' },
  op: { username: 'op', password: 'op', role: 'op' },
  user: { username: 'user', password: 'user', role: 'user' },
  viewer: { username: 'viewer', password: 'viewer', role: 'viewer' },
} as const satisfies Record<string, AirflowUser>;
