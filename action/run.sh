#!/usr/bin/env bash
# The GitHub Action (action.yml) as a script: runs aip-conformance against INPUT_URL, writes report.json,
# report.xml (JUnit) and summary.md to INPUT_REPORT_DIR, appends the summary to $GITHUB_STEP_SUMMARY and the exit
# code to $GITHUB_OUTPUT, and exits with the kit's code (0 pass, 1 MUST-level failure, 2 not tested).
# The key travels in the environment only, never on a command line.
# AIP_CONFORMANCE overrides the command that runs the kit (the tests point it at this checkout's bin).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
url="${INPUT_URL:-}"
key="${INPUT_API_KEY:-}"
dir="${INPUT_REPORT_DIR:-aip-conformance}"

if [[ -z "$url" || -z "$key" ]]; then
  echo "::error title=AIP conformance::the url and api-key inputs are required" >&2
  exit 2
fi
if [[ "${GITHUB_ACTIONS:-}" == "true" ]]; then
  echo "::add-mask::$key"
  [[ -n "${INPUT_SECOND_API_KEY:-}" ]] && echo "::add-mask::$INPUT_SECOND_API_KEY"
fi

if [[ -n "${AIP_CONFORMANCE:-}" ]]; then
  read -r -a kit <<<"$AIP_CONFORMANCE"
else
  version="${INPUT_KIT_VERSION:-$(node -p "require('$here/package.json').version")}"
  kit=(npx --yes --package "aip-kit@$version" -- aip-conformance)
fi

args=(--url "$url" --json "$dir/report.json" --junit "$dir/report.xml" --markdown "$dir/summary.md")
[[ -n "${INPUT_AGENT:-}" ]] && args+=(--agent "$INPUT_AGENT")
[[ -n "${INPUT_BASELINE:-}" ]] && args+=(--baseline "$INPUT_BASELINE")
[[ -n "${INPUT_LEVEL:-}" ]] && args+=(--level "$INPUT_LEVEL")

mkdir -p "$dir"
AIP_API_KEY="$key" AIP_API_KEY_2="${INPUT_SECOND_API_KEY:-}" NO_COLOR=1 "${kit[@]}" "${args[@]}"
code=$?

if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  if [[ -f "$dir/summary.md" ]]; then
    cat "$dir/summary.md" >>"$GITHUB_STEP_SUMMARY"
  else
    printf '## AIP conformance: ⚠️ NOT TESTED\n\nThe kit exited with code %s before writing a report; see the log.\n' \
      "$code" >>"$GITHUB_STEP_SUMMARY"
  fi
fi
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  printf 'exit-code=%s\nreport-dir=%s\n' "$code" "$dir" >>"$GITHUB_OUTPUT"
fi
if [[ $code -ne 0 ]]; then
  echo "::error title=AIP conformance::exit code $code — see the job summary and $dir/" >&2
fi
exit "$code"
