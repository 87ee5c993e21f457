import { KubeObject, OwnerReference } from '../k8s/types';

/** metav1.GetControllerOf */
export function controllerOf(
  obj: KubeObject | undefined,
): OwnerReference | undefined {
  return obj?.metadata.ownerReferences?.find(r => r.controller);
}

export function controlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return controllerOf(obj)?.uid === owner.metadata.uid;
}

/** metav1.NewControllerRef */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}
