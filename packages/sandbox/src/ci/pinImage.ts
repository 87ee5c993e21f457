import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { KubeObject } from '../k8s/types';

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

export function kustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map(f => path.join(dir, f)).find(f =>
    fs.existsSync(f),
  );
}

function splitImage(image: string): { name: string; tag: string } {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash
    ? { name: image.slice(0, colon), tag: image.slice(colon + 1) }
    : { name: image, tag: 'latest' };
}

/**
 * Points every `images` entry of an overlay at the built image, which is what
 * the golden-path workflow's `kustomize edit set image app=<image>` does
 * before `kubectl apply -k`. Returns how many entries were pinned; 0 means
 * the overlay names no image and {@link pinWorkloadImages} has to be used
 * after rendering.
 */
export function pinOverlayImages(overlayDir: string, image: string): number {
  const file = kustomizationFile(overlayDir);
  if (!file) return 0;
  const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'));
  const images = doc.get('images');
  if (!YAML.isSeq(images) || !images.items.length) return 0;
  const { name, tag } = splitImage(image);
  for (const item of images.items) {
    if (!YAML.isMap(item)) continue;
    item.set('newName', name);
    item.set('newTag', tag);
    item.delete('digest');
  }
  fs.writeFileSync(file, doc.toString());
  return images.items.length;
}

const WORKLOADS = new Set([
  'Rollout',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
]);

/**
 * For overlays without an `images` list: the first container of each
 * workload gets the built image, the convention of single-container
 * services. Returns the objects changed.
 */
export function pinWorkloadImages(
  objects: KubeObject[],
  image: string,
): KubeObject[] {
  const changed: KubeObject[] = [];
  for (const obj of objects) {
    const container = obj.spec?.template?.spec?.containers?.[0];
    if (!WORKLOADS.has(obj.kind ?? '') || !container) continue;
    container.image = image;
    changed.push(obj);
  }
  return changed;
}
