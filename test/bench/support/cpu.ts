import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface CpuSplit {
  /** CPU ms of this process, all its threads: the platform and the benchmark's starter (the model server runs apart unless asked). */
  benchProcessMs: number;
  /** CPU ms of the local PostgreSQL server's processes (0 where /proc cannot show them). */
  postgresMs: number;
}

/**
 * Starts counting CPU time; the returned function reads how much was spent
 * since. CPU per run changes far less between runs on a noisy machine than
 * runs per second do, so the benchmark reports both.
 */
export function startCpuCount(): () => CpuSplit {
  const node = process.cpuUsage();
  const postgres = postgresTicks();
  return () => {
    const used = process.cpuUsage(node);
    const after = postgresTicks();
    let ticks = 0;
    // Server processes that exited in between are not counted; the pool's sessions live through a phase.
    for (const [pid, end] of after) ticks += end - (postgres.get(pid) ?? 0);
    return { benchProcessMs: (used.user + used.system) / 1000, postgresMs: (ticks * 1000) / TICKS_PER_SECOND };
  };
}

function postgresTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return ticks;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may contain spaces.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(Number(pid), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while we looked.
    }
  }
  return ticks;
}
