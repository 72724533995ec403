/**
 * Process groups for the e2e Airflow rig: start Airflow components in their own groups, stop
 * them (SIGINT, then SIGTERM, then SIGKILL), and make sure nothing outlives the Node process
 * (exit handlers, plus a detached watchdog for SIGKILL of Node itself). Node 24, erasable TS.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function tail(file: string, lines = 40): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie still "exists" for kill(0); treat it as gone.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

interface ProcInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
}

function readProcTable(): ProcInfo[] | null {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return null;
  }
  const out: ProcInfo[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(e), state: rest[0] ?? '?', ppid: Number(rest[1]), pgrp: Number(rest[2]) });
    } catch {
      // process vanished
    }
  }
  return out;
}

/** Live (non-zombie) pids that are in one of the groups or descend from one of the leaders. */
export function liveMembers(leaders: number[], extraPids: Iterable<number> = []): number[] {
  const table = readProcTable();
  if (!table) {
    // No /proc: fall back to probing the groups.
    return leaders.filter((g) => {
      try {
        process.kill(-g, 0);
        return true;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    });
  }
  const groups = new Set(leaders);
  const set = new Set<number>();
  for (const p of table) if (groups.has(p.pgrp) || groups.has(p.pid)) set.add(p.pid);
  for (const p of extraPids) set.add(p);
  // descendants (tasks may start their own sessions)
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of table) {
      if (!set.has(p.pid) && set.has(p.ppid)) {
        set.add(p.pid);
        grew = true;
      }
    }
  }
  const byPid = new Map(table.map((p) => [p.pid, p]));
  return [...set].filter((pid) => {
    const info = byPid.get(pid);
    return info !== undefined && info.state !== 'Z' && pid !== process.pid;
  });
}

export function describe(pids: number[]): string {
  return pids
    .map((p) => {
      try {
        return `${p} (${fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ').trim().slice(0, 60)})`;
      } catch {
        return String(p);
      }
    })
    .join(', ');
}

export function signalAll(leaders: number[], pids: number[], sig: NodeJS.Signals): void {
  for (const g of leaders) {
    try {
      process.kill(-g, sig);
    } catch {
      // group gone
    }
  }
  for (const p of pids) {
    try {
      process.kill(p, sig);
    } catch {
      // gone
    }
  }
}

/**
 * First, gentle signal: SIGINT, as Ctrl-C in a terminal would send. To the whole process group
 * of api-server, scheduler and dag-processor (their children - serve-logs, LocalExecutor
 * workers - stop with them), but only to the triggerer's main process: when its trigger runner
 * gets the SIGINT directly, the triggerer waits 10 s for it ("Waiting for triggers to clean up").
 * Measured: all gone in 2-5 s; plain SIGTERM takes ~11 s (the triggerer waits 10 s for its
 * serve-logs child).
 */
export function gentleStop(leaders: number[], soloLeaders: number[]): void {
  signalAll(
    leaders.filter((p) => !soloLeaders.includes(p)),
    soloLeaders,
    'SIGINT',
  );
}

/** Synchronous kill used by exit/signal handlers and for stale instances. */
export function killTreeSync(leaders: number[], graceMs: number, soloLeaders: number[] = []): number[] {
  let members = liveMembers(leaders);
  if (members.length === 0) return [];
  gentleStop(leaders, soloLeaders);
  for (const [sig, ms] of [['SIGTERM', graceMs / 2], ['', graceMs / 2]] as const) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      members = liveMembers(leaders, members);
      if (members.length === 0) return [];
      sleepSync(100);
    }
    if (sig) signalAll(leaders, members, sig);
  }
  signalAll(leaders, members, 'SIGKILL');
  const hardDeadline = Date.now() + 3000;
  while (Date.now() < hardDeadline) {
    members = liveMembers(leaders, members);
    if (members.length === 0) return [];
    sleepSync(50);
  }
  return members;
}

// ---------------------------------------------------------------------------------------------
// Process-exit safety net

/** Process groups started by this Node process and not stopped yet (killed on exit). */
export interface GroupRecord {
  leaders: number[];
  /** Leaders that get the first SIGINT alone, not their whole group (see gentleStop). */
  solo: number[];
  watchdog?: number;
}

export const liveInstances = new Set<GroupRecord>();
let handlersInstalled = false;

export function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const inst of liveInstances) {
      killTreeSync(inst.leaders, 4000, inst.solo);
      if (inst.watchdog) signalAll([], [inst.watchdog], 'SIGKILL');
    }
    liveInstances.clear();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      // Only take over when nobody else handles the signal; otherwise let the caller
      // shut down gracefully (its own handler should call stop(); 'exit' is the backstop).
      if (process.listenerCount(sig) > 1) return;
      if (liveInstances.size > 0) console.error(`[airflow] ${sig}: stopping Airflow`);
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

/**
 * A detached shell that kills the Airflow process groups if this Node process dies without
 * running its exit handlers (e.g. SIGKILL). Stopped by stop().
 */
export function startWatchdog(leaders: number[]): number | undefined {
  const groups = leaders.map((p) => `-${p}`).join(' ');
  const script =
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ` +
    `kill -TERM -- ${groups} 2>/dev/null; sleep 5; kill -KILL -- ${groups} 2>/dev/null; exit 0`;
  const child = spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid;
}

// ---------------------------------------------------------------------------------------------

/** One Airflow CLI process in its own process group, output appended to `logFile`. */
export function spawnInGroup(
  bin: string,
  args: string[],
  opts: { env: Record<string, string>; cwd: string; logFile: string; onExit: (why: string) => void },
): ChildProcess & { pid: number } {
  const fd = fs.openSync(opts.logFile, 'w');
  const child = spawn(bin, args, {
    env: opts.env,
    cwd: opts.cwd,
    detached: true, // own process group: stopGroups() kills the whole group
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  if (child.pid === undefined) throw new Error(`failed to spawn ${bin} ${args.join(' ')}`);
  child.on('exit', (code, sig) => opts.onExit(sig ? `signal ${sig}` : `exit code ${code}`));
  child.on('error', (err) => opts.onExit(`spawn error ${err.message}`));
  child.unref();
  return child as ChildProcess & { pid: number };
}

/** Stops every group of `record`: SIGINT first (see gentleStop), then SIGTERM, then SIGKILL. */
export async function stopGroups(record: GroupRecord, log: (msg: string) => void): Promise<void> {
  const leaders = record.leaders;
  let members = liveMembers(leaders);
  gentleStop(leaders, record.solo);
  for (const [sig, ms] of [['SIGTERM', 5000], ['', 2500]] as const) {
    const deadline = Date.now() + ms;
    while (members.length && Date.now() < deadline) {
      await sleep(100);
      members = liveMembers(leaders, members);
    }
    if (members.length && sig) {
      log(`still alive after SIGINT, sending SIGTERM: ${describe(members)}`);
      signalAll(leaders, members, sig);
    }
  }
  if (members.length) {
    log(`still alive after SIGTERM grace period, sending SIGKILL: ${describe(members)}`);
    signalAll(leaders, members, 'SIGKILL');
    const hard = Date.now() + 5000;
    while (members.length && Date.now() < hard) {
      await sleep(100);
      members = liveMembers(leaders, members);
    }
  }
  if (record.watchdog) signalAll([], [record.watchdog], 'SIGKILL');
  liveInstances.delete(record);
  if (members.length) throw new Error(`Airflow processes survived SIGKILL: ${members.join(', ')}`);
}
