import { ConfigIssue } from '../config-issue';

/**
 * Task sizes Fargate accepts: CPU units → memory in MiB (ECS guide, task CPU and memory; 8 and
 * 16 vCPU need Linux platform 1.4.0, which LATEST is). Anything else fails RegisterTaskDefinition
 * with "No Fargate configuration exists for given values".
 */
export const FARGATE_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

/** The cpu/memory pair of one Fargate task; each issue names the field to change. */
export function fargateTaskSize(cpu: unknown, memory: unknown, cpuPath: string, memoryPath: string): ConfigIssue[] {
  const allowed = typeof cpu === 'number' && Object.hasOwn(FARGATE_SIZES, cpu) ? FARGATE_SIZES[cpu] : undefined;
  if (!allowed) return [{ path: cpuPath, value: cpu, expected: `a Fargate CPU size: one of ${Object.keys(FARGATE_SIZES).join(', ')}` }];
  if (allowed.includes(memory as number)) return [];
  const span = `${allowed[0]} to ${allowed[allowed.length - 1]} MiB (${allowed.join(', ')})`;
  return [{ path: memoryPath, value: memory, expected: `a memory size Fargate pairs with cpu ${cpu}: ${span}` }];
}
