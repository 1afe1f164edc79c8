#!/bin/bash
# The cost of the policy at fleet scale: the controller-side compile of a 1,000-host policy (one inventory per host,
# as cpupolicy.fleet's gather writes them) against the per-host steps (gather + deploy through Ansible, measured on
# a 3-host simulated fleet and divided per host). Not part of the test command.
#   bench/fleet-ansible/run.sh [HOSTS]      (default 1000); needs ansible-playbook (scripts/install-peers.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
n="${1:-1000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ANSIBLE_COLLECTIONS_PATH="$here/ansible" ANSIBLE_NOCOLOR=1
playbook=$(command -v ansible-playbook)

# 1. Controller: compile the N-host policy from N gathered inventories (what the compile role runs once).
ctl=$("$here/ansible/examples/lab/make-lab.sh" "$work/big" --hosts "$n")
for h in "$work"/big/hosts/*; do
  name=$(basename "$h")
  if [ -f "$h/cpu_info.txt" ]; then cp "$h/cpu_info.txt" "$ctl/inventories/$name.txt"; else cp "$h/cpu.txt" "$ctl/inventories/$name.txt"; fi
done
start=$(date +%s.%N)
"$ctl/publish/cpupolicy" compile "$ctl/site.cpupolicy" --out "$work/out" > /dev/null
compile=$(echo "$(date +%s.%N) - $start" | bc)

# 2. Per host: gather + compile + deploy on 3 hosts, first run (installs) and second run (no change).
small=$("$here/ansible/examples/lab/make-lab.sh" "$work/small" --hosts 3)
cd "$small"
start=$(date +%s.%N); "$playbook" -i inventory.yml cpupolicy.fleet.site > "$work/first.log"; first=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N); "$playbook" -i inventory.yml cpupolicy.fleet.site > "$work/second.log"; second=$(echo "$(date +%s.%N) - $start" | bc)
load=$(cut -d' ' -f1 /proc/loadavg)
printf '| %d hosts | compile on the controller %.1f s | 3-host site run: first %.1f s, second %.1f s (load %s, %d cores) |\n' \
  "$n" "$compile" "$first" "$second" "$load" "$(nproc)"
