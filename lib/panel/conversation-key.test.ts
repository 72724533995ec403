import { describe, expect, it } from 'vitest';
import { airflowUserKey, airflowUserOf } from '../airflow/airflow-user';
import { conversationKey, conversationOwner } from './conversation-key';
import { askDisabledReason } from './panel-hub';

const jwt = (claims: object) =>
  `eyJhbGciOiJIUzUxMiJ9.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.c2ln`;
const airflow = 'http://127.0.0.1:28080/';
const admin = airflowUserOf(airflow, jwt({ sub: 'admin', role: 'admin' }));
const viewer = airflowUserOf(airflow, jwt({ sub: 'viewer', role: 'viewer' }));

describe('airflowUserOf', () => {
  it('is the instance and the `sub` of the session token', () => {
    expect(admin).toEqual({ instanceUrl: airflow, user: 'admin' });
  });
  it('is nobody without a token, with a token that is not a JWT, or with one that names no user', () => {
    expect(airflowUserOf(airflow, null)).toBeNull();
    expect(airflowUserOf(airflow, 'not-a-token')).toBeNull();
    expect(airflowUserOf(airflow, jwt({ role: 'admin' }))).toBeNull();
    expect(airflowUserOf(airflow, jwt({ sub: '' }))).toBeNull();
  });
});

describe('conversationKey', () => {
  it('differs between users of the same window and instance', () => {
    expect(conversationKey(7, admin)).not.toBe(conversationKey(7, viewer));
  });
  it('is the same again when the first user comes back', () => {
    expect(conversationKey(7, airflowUserOf(airflow, jwt({ sub: 'admin', exp: 1 })))).toBe(conversationKey(7, admin));
  });
  it('differs between windows and between instances of the same user name', () => {
    expect(conversationKey(7, admin)).not.toBe(conversationKey(8, admin));
    expect(conversationKey(7, admin)).not.toBe(conversationKey(7, { instanceUrl: 'http://localhost:8080/', user: 'admin' }));
  });
  it('is null without a user: nothing user-specific is kept or shown', () => {
    expect(conversationKey(7, null)).toBeNull();
  });
  it('cannot be forged by a user name holding a separator', () => {
    const a = conversationKey(1, { instanceUrl: 'http://a/', user: 'x","y' });
    const b = conversationKey(1, { instanceUrl: 'http://a/","x', user: 'y' });
    expect(a).not.toBe(b);
    expect(airflowUserKey({ instanceUrl: 'http://a/', user: 'x","y' })).not.toBe(airflowUserKey({ instanceUrl: 'http://a/","x', user: 'y' }));
  });
  it('gives back the owner it was made for', () => {
    expect(conversationOwner(conversationKey(undefined, viewer)!)).toEqual(viewer);
    expect(conversationOwner('7')).toBeNull();
    expect(conversationOwner('not json')).toBeNull();
  });
});

describe('askDisabledReason', () => {
  const tab = { tabId: 1, context: { instanceUrl: airflow, pageUrl: airflow, pageKind: 'home' as const } };
  it('is null when the panel has a user, else says what to do', () => {
    expect(askDisabledReason({ tab, session: { state: 'signed_in', user: 'admin', role: null }, key: 'k' })).toBeNull();
    expect(askDisabledReason({ tab: null, session: null, key: null })).toContain('Open a page of your Airflow');
    expect(askDisabledReason({ tab, session: { state: 'signed_out' }, key: null })).toContain('Log in to Airflow');
    expect(askDisabledReason({ tab, session: { state: 'signed_in', user: null, role: null }, key: null })).toContain('did not say which user');
  });
  it('says why a session the extension cannot read Airflow with is of no use (an Airflow 2 API that refuses browser sessions)', () => {
    const reason = "This Airflow's REST API does not accept your browser session (HTTP 401 while you are logged in), so the assistant cannot read Airflow as you.";
    expect(askDisabledReason({ tab, session: { state: 'unusable', reason }, key: null })).toBe(
      'The assistant cannot read this Airflow with your session (see above), so nothing can be asked here.',
    );
  });
});
