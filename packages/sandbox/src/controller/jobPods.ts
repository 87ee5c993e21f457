import { KubeObject, formatTime } from '../k8s/types';

/**
 * What the sandbox's kubelet makes of a Job's pod. The sandbox runs no
 * containers, so a container's outcome is read from its command: a shell
 * script (`sh -c` / `bash -c`) whose last statement is `exit N`, `false` or
 * `true`, optionally after `sleep S`, ends with that code after S seconds;
 * any other command ends with code 0 at once.
 */

const SHELLS = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)$/;

export interface ContainerOutcome {
  exitCode: number;
  /** Simulated seconds the container runs for. */
  seconds: number;
}

function shellScript(container: any): string | undefined {
  const words = [...(container.command ?? []), ...(container.args ?? [])].map(
    String,
  );
  const shell = words.findIndex(w => SHELLS.test(w));
  if (shell === -1 || words[shell + 1] !== '-c') return undefined;
  return words[shell + 2];
}

export function containerOutcome(container: any): ContainerOutcome {
  const script = shellScript(container);
  if (script === undefined) return { exitCode: 0, seconds: 0 };
  const statements = script
    .split(/;|&&|\n/)
    .map(s => s.trim())
    .filter(Boolean);
  let seconds = 0;
  let exitCode = 0;
  for (const statement of statements) {
    const sleep = /^sleep\s+(\d+(?:\.\d+)?)$/.exec(statement);
    const exit = /^exit(?:\s+(\d+))?$/.exec(statement);
    if (sleep) seconds += Number(sleep[1]);
    else if (exit) return { exitCode: Number(exit[1] ?? 0), seconds };
    else if (statement === 'false') exitCode = 1;
    else if (statement === 'true') exitCode = 0;
  }
  return { exitCode, seconds };
}

/** The pod's outcome: the first failing container decides, all must finish. */
export function podOutcome(pod: KubeObject): ContainerOutcome {
  const outcomes: ContainerOutcome[] = (pod.spec?.containers ?? []).map(
    containerOutcome,
  );
  return {
    exitCode: outcomes.find(o => o.exitCode !== 0)?.exitCode ?? 0,
    seconds: Math.max(0, ...outcomes.map(o => o.seconds)),
  };
}

/** Pod status once its containers terminated, as the kubelet reports it. */
export function terminatedPodStatus(
  pod: KubeObject,
  startedMs: number,
  finishedMs: number,
): any {
  const failed = podOutcome(pod).exitCode !== 0;
  const finished = formatTime(finishedMs);
  return {
    ...pod.status,
    phase: failed ? 'Failed' : 'Succeeded',
    startTime: formatTime(startedMs),
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'False' },
      { type: 'Initialized', status: 'True', reason: 'PodCompleted' },
      { type: 'Ready', status: 'False', reason: 'PodCompleted' },
      { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' },
      { type: 'PodScheduled', status: 'True' },
    ].map(c => ({ ...c, lastProbeTime: null, lastTransitionTime: finished })),
    containerStatuses: (pod.spec?.containers ?? []).map((c: any) => {
      const { exitCode } = containerOutcome(c);
      return {
        name: c.name,
        image: c.image,
        imageID: `${c.image}@sha256:${'0'.repeat(64)}`,
        containerID: `containerd://${pod.metadata.uid!.replace(/-/g, '')}`,
        ready: false,
        started: false,
        restartCount: 0,
        state: {
          terminated: {
            exitCode,
            reason: exitCode === 0 ? 'Completed' : 'Error',
            startedAt: formatTime(startedMs),
            finishedAt: finished,
          },
        },
      };
    }),
  };
}
