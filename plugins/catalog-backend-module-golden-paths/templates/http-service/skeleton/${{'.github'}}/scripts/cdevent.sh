#!/bin/sh
# Posts one CDEvent, as a structured-mode CloudEvent, to the portal.
# Usage: cdevent.sh <event> <subject id> [subject content JSON]
#   event: a CDEvents type without its prefix, such as pipelinerun.started.0.2.0
# Does nothing when PORTAL_EVENTS_URL is empty, so forks and local runs work;
# PORTAL_EVENTS_TOKEN is the portal's external-access token for this CI.
set -eu

event="$1"
subject_id="$2"
content="${3:-"{}"}"

if [ -z "${PORTAL_EVENTS_URL:-}" ]; then
  echo "PORTAL_EVENTS_URL is not set: not sending dev.cdevents.${event}"
  exit 0
fi
if [ -z "${PORTAL_EVENTS_TOKEN:-}" ]; then
  echo "PORTAL_EVENTS_TOKEN is not set: the portal accepts CDEvents only with its external-access token" >&2
  exit 1
fi

id="$(cat /proc/sys/kernel/random/uuid)"
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
source="${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}"

curl --fail --silent --show-error --retry 3 \
  --header 'Content-Type: application/cloudevents+json' \
  --header "Authorization: Bearer ${PORTAL_EVENTS_TOKEN}" \
  --data-binary @- "${PORTAL_EVENTS_URL}" <<JSON
{
  "specversion": "1.0",
  "id": "${id}",
  "source": "${source}",
  "type": "dev.cdevents.${event}",
  "subject": "${subject_id}",
  "time": "${now}",
  "datacontenttype": "application/json",
  "data": {
    "context": {
      "version": "0.4.1",
      "id": "${id}",
      "source": "${source}",
      "type": "dev.cdevents.${event}",
      "timestamp": "${now}"
    },
    "subject": {
      "id": "${subject_id}",
      "source": "${source}",
      "content": ${content}
    }
  }
}
JSON
