// One frame of `localscale deploy-request watch`: the deploy request's deployment_state and one
// progress bar per table change. Pure: the frame is a function of the last poll.
import type { DeployOperation, DeploymentState } from '@localscale/sdk';

export interface WatchFrame {
  label: string;
  deployment_state: DeploymentState;
  operations: readonly Pick<DeployOperation, 'keyspace_name' | 'table_name' | 'operation_name' | 'state' | 'progress_percentage' | 'eta_seconds' | 'deploy_errors'>[];
}

export function progressBar(percentage: number | null, width = 24): string {
  const p = Math.min(100, Math.max(0, percentage ?? 0));
  const filled = Math.round((p / 100) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(p)).padStart(3)}%`;
}

const eta = (seconds: number | null) => (seconds === null || seconds <= 0 ? '' : seconds < 60 ? `eta ${seconds}s` : `eta ${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`);

/** The frame as lines; a change that is done shows 100% whatever its last reported percentage. */
export function renderFrame(frame: WatchFrame): string[] {
  const lines = [`${frame.label}: ${frame.deployment_state}`];
  const names = frame.operations.map((op) => `${op.keyspace_name}.${op.table_name}`);
  const width = Math.max(0, ...names.map((n) => n.length));
  frame.operations.forEach((op, i) => {
    const pct = op.state === 'complete' ? 100 : op.progress_percentage;
    const parts = [`  ${names[i]!.padEnd(width)}`, op.operation_name.padEnd(6), progressBar(pct), op.state, eta(op.state === 'complete' ? null : op.eta_seconds)];
    lines.push(parts.filter(Boolean).join('  '));
    if (op.deploy_errors) lines.push(`    error: ${op.deploy_errors}`);
  });
  if (frame.operations.length === 0) lines.push('  (no table changes reported yet)');
  return lines;
}
