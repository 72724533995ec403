/**
 * An AIRFLOW_HOME of the rig: its secrets (kept between starts), its pid file (which live
 * instance runs in it) and the processes a crashed run left behind in it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { killTreeSync, liveMembers, pidAlive } from './processes.ts';

export interface HomeState {
  jwtSecret: string;
  secretKey: string;
  fernetKey: string;
}

export function homeSecrets(home: string): HomeState {
  const file = path.join(home, 'rig-secrets.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as HomeState;
  } catch {
    const s: HomeState = {
      jwtSecret: randomBytes(32).toString('hex'),
      secretKey: randomBytes(32).toString('hex'),
      // Fernet key: 32 url-safe base64 bytes
      fernetKey: randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
    };
    fs.writeFileSync(file, JSON.stringify(s, null, 2));
    return s;
  }
}

interface PidFile {
  ownerPid: number;
  leaders: number[];
  port: number;
}

function readPidFile(home: string): PidFile | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(home, 'rig-pids.json'), 'utf8')) as PidFile;
  } catch {
    return null;
  }
}

/** True when the home's pid file names a live owner with live Airflow processes. */
export function homeInUse(home: string): boolean {
  const pf = readPidFile(home);
  if (!pf) return false;
  return pidAlive(pf.ownerPid) && liveMembers(pf.leaders).length > 0;
}

/** Kills Airflow processes left behind in this home by a crashed run. */
export function reapStale(home: string, log: (m: string) => void): void {
  const pf = readPidFile(home);
  if (!pf) return;
  const leaders = pf.leaders.filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('airflow');
    } catch {
      return false;
    }
  });
  if (leaders.length) {
    log(`killing stale Airflow processes from a previous run in ${home}: ${leaders.join(', ')}`);
    const left = killTreeSync(leaders, 5000);
    if (left.length) throw new Error(`could not kill stale processes ${left.join(', ')}`);
  }
  fs.rmSync(path.join(home, 'rig-pids.json'), { force: true });
}
