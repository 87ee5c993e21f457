import { KubeObject, formatTime } from '../../k8s/types';

/** rollout/pause.go: pause and abort bookkeeping of one reconciliation. */
export class PauseContext {
  private readonly addReasons: string[] = [];
  private readonly removeReasons: string[] = [];
  private clearConditions = false;
  private addAbortFlag = false;
  private removeAbortFlag = false;
  abortMessage = '';

  constructor(
    private readonly rollout: KubeObject,
    private readonly now: () => number,
  ) {}

  hasAddPause(): boolean {
    return this.addReasons.length > 0;
  }

  isAborted(): boolean {
    if (this.removeAbortFlag) return false;
    return this.addAbortFlag || !!this.rollout.status?.abort;
  }

  addAbort(message: string): void {
    this.addAbortFlag = true;
    this.abortMessage = message;
  }

  removeAbort(): void {
    this.removeAbortFlag = true;
  }

  addPauseCondition(reason: string): void {
    this.addReasons.push(reason);
  }

  removePauseCondition(reason: string): void {
    this.removeReasons.push(reason);
  }

  clearPauseConditions(): void {
    this.clearConditions = true;
  }

  calculatePauseStatus(newStatus: any): void {
    if (this.calculateAbortStatus(newStatus)) return;
    if (this.clearConditions) return;
    this.calculatePauseConditions(newStatus);
  }

  private calculateAbortStatus(newStatus: any): boolean {
    const abortedAt = this.rollout.status?.abortedAt ?? formatTime(this.now());
    if (
      this.addAbortFlag ||
      (!this.removeAbortFlag && this.rollout.status?.abort)
    ) {
      newStatus.abort = true;
      newStatus.abortedAt = abortedAt;
      return true;
    }
    delete newStatus.abort;
    delete newStatus.abortedAt;
    return false;
  }

  private calculatePauseConditions(newStatus: any): void {
    let controllerPause = !!this.rollout.status?.controllerPause;
    const toRemove = new Set(this.removeReasons);
    const existing = new Set<string>();
    const conditions: any[] = [];
    for (const cond of this.rollout.status?.pauseConditions ?? []) {
      if (!toRemove.has(cond.reason)) conditions.push(cond);
      existing.add(cond.reason);
    }
    for (const reason of this.addReasons) {
      if (!existing.has(reason)) {
        conditions.push({ reason, startTime: formatTime(this.now()) });
        existing.add(reason);
        controllerPause = true;
      }
    }
    if (!conditions.length) return;
    newStatus.controllerPause = controllerPause || undefined;
    newStatus.pauseConditions = conditions;
  }
}

export function pauseCondition(
  rollout: KubeObject,
  reason: string,
): any | undefined {
  return (rollout.status?.pauseConditions ?? []).find(
    (c: any) => c.reason === reason,
  );
}
