#!/bin/bash
# Builds a simulated fleet on this machine for the cpupolicy.fleet collection: N hypervisors, each a folder
# DIR/hosts/NAME used as its root (local connection), with stand-in `cpuid`, `xe`, `xen-cpuid` and `virsh` that
# answer from real CPU dumps (policy/examples/hosts: libvirt's CPUID test data), plus a controller folder with the
# policy, the Ansible inventory and wrappers that run the built cpupolicy and cpupolicy-hook.
#   ansible/examples/lab/make-lab.sh DIR [--hosts N] [--publish DIR | --dlls DIR]
# Hosts cycle through libvirt (kvm-N), xapi (xcp-N) and xl (xen-N). --publish names the folder of the native
# binaries (scripts/publish.sh DIR); --dlls a folder with cpupolicy.dll and cpupolicy-hook.dll; without either the
# wrappers run the Release build of this checkout with dotnet.
# Then: cd DIR/controller && ansible-playbook -i inventory.yml cpupolicy.fleet.site
# A host's CPU is DIR/hosts/NAME/cpu.txt (`cpuid -r` form; xcp hosts: cpu_info.txt); edit it to simulate a change.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
[ $# -ge 1 ] || { echo "usage: $(basename "$0") DIR [--hosts N] [--publish DIR]" >&2; exit 2; }
dir=$(realpath -m "$1"); shift
n=3 publish="" dlls=""
while [ $# -gt 0 ]; do
  case "$1" in
    --hosts) n="$2"; shift 2 ;;
    --publish) publish="$2"; shift 2 ;;
    --dlls) dlls="$2"; shift 2 ;;
    *) echo "$(basename "$0"): unknown option $1" >&2; exit 2 ;;
  esac
done
ctl="$dir/controller"
mkdir -p "$ctl/publish" "$ctl/inventories" "$dir/hosts" "$dir/cache"
chmod 0755 "$dir" "$dir/hosts"

# The cpupolicy commands: native binaries, or `dotnet` on this checkout's Release build.
dotnet=$(command -v dotnet || true)
for prog in cpupolicy cpupolicy-hook; do
  if [ -n "$publish" ]; then
    ln -sf "$(realpath "$publish/$prog")" "$ctl/publish/$prog"
  else
    case "$prog" in
      cpupolicy) dll="$repo/compiler/Cpupolicy.Cli/bin/Release/net10.0/cpupolicy.dll" ;;
      *) dll="$repo/hooks/Cpupolicy.Hook/bin/Release/net10.0/cpupolicy-hook.dll" ;;
    esac
    [ -z "$dlls" ] || dll="$(realpath "$dlls")/$prog.dll"
    [ -f "$dll" ] || { echo "$(basename "$0"): $dll is missing: dotnet build PolicyCompiler.sln -c Release" >&2; exit 1; }
    printf '#!/bin/sh\nexec %s %s "$@"\n' "$dotnet" "$dll" > "$ctl/publish/$prog"
    chmod 0755 "$ctl/publish/$prog"
  fi
done
cli="$ctl/publish/cpupolicy"

# Intel CPUs (one pool, `vendor intel`): each dump once as `cpuid -r` and as XAPI's cpu_info.
fixtures=(Xeon-E5-2630-v3 Core-i7-3770 Xeon-Gold-6148 Xeon-Gold-6130 Xeon-Platinum-9242)
for f in "${fixtures[@]}"; do
  xml="$repo/policy/examples/hosts/x86_64-cpuid-$f.xml"
  [ -s "$dir/cache/$f.cpuid" ] || {
    echo "CPU 0:"
    sed -n "s/.*<cpuid eax_in='\(0x[0-9a-f]*\)' ecx_in='0x\([0-9a-f]*\)' eax='\(0x[0-9a-f]*\)' ebx='\(0x[0-9a-f]*\)' ecx='\(0x[0-9a-f]*\)' edx='\(0x[0-9a-f]*\)'.*/   \1 0x\2: eax=\3 ebx=\4 ecx=\5 edx=\6/p" "$xml"
  } > "$dir/cache/$f.cpuid"
  [ -s "$dir/cache/$f.cpu_info" ] || "$cli" --json baseline "$xml" --target xapi | python3 -c '
import json, sys
d = json.load(sys.stdin)
h = d["hosts"][0]
fs = [l.split("=", 1)[1] for l in d["artifacts"]["xapi"].splitlines() if l.startswith("featureset=")][0]
print("cpu_count: 8; socket_count: 1; vendor: %s; speed: 2400.000; modelname: %s; family: %d; model: %d; stepping: %d; "
      "flags: fpu; features_pv: %s; features_hvm: %s; features_pv_host: %s; features_hvm_host: %s"
      % (h["vendor"], h["name"], h["family"], h["model"], h["stepping"], fs, fs, fs, fs))' > "$dir/cache/$f.cpu_info"
done

stand_in() { # stand_in ROOT NAME BODY
  printf '#!/bin/sh\n# stand-in for %s on a simulated host\nroot=%s\n%s\n' "$2" "$1" "$3" > "$1/bin/$2"
  chmod 0755 "$1/bin/$2"
}

policy_hosts="" pool=""
{
  echo "all:"
  echo "  vars:"
  echo "    cpupolicy_policy: $ctl/site.cpupolicy"
  echo "    cpupolicy_command: $cli"
  echo "    cpupolicy_repo_dir: $repo"
  echo "    cpupolicy_publish_dir: $ctl/publish"
  echo "    cpupolicy_apply_profiles: true"
  echo "    ansible_connection: local"
  echo "    ansible_pipelining: true"
  echo "    ansible_python_interpreter: $( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3)"
  echo "  children:"
  echo "    hypervisors:"
  echo "      hosts:"
} > "$ctl/inventory.yml"
for i in $(seq 1 "$n"); do
  case $(( (i - 1) % 3 )) in 0) platform=libvirt name="kvm-$i" ;; 1) platform=xapi name="xcp-$i" ;; *) platform=xl name="xen-$i" ;; esac
  f=${fixtures[$(( (i - 1) % ${#fixtures[@]} ))]}
  root="$dir/hosts/$name"
  mkdir -p "$root/bin" "$root/vms"
  chmod 0755 "$root"
  cp "$dir/cache/$f.cpuid" "$root/cpu.txt"
  stand_in "$root" cpuid 'cat "$root/cpu.txt"'
  stand_in "$root" xen-cpuid 'echo "xen-cpuid: not running on Xen" >&2; exit 1'
  case "$platform" in
    xapi)
      cp "$dir/cache/$f.cpu_info" "$root/cpu_info.txt"
      mkdir -p "$root/etc"
      echo "INSTALLATION_UUID='$(printf '%08x-0000-4000-8000-%012x' "$i" "$i")'" > "$root/etc/xensource-inventory"
      printf 'web-01\n' > "$root/vms/$(printf '%08x-1111-4000-8000-%012x' "$i" "$i")"
      stand_in "$root" xe '
case "$1" in
  host-param-get) cat "$root/cpu_info.txt" ;;
  vm-list) for vm in "$root"/vms/*; do [ -f "$vm" ] || continue
      printf "uuid ( RO)           : %s\n     name-label ( RW): %s\n\n\n" "$(basename "$vm")" "$(cat "$vm")"; done ;;
  vm-param-get) uuid=${2#uuid=}; cat "$root/featuresets/$uuid" 2>/dev/null || { echo "key featureset not found" >&2; exit 1; } ;;
  vm-param-set) uuid=${2#uuid=}; mkdir -p "$root/featuresets"; echo "${3#platform:featureset=}" > "$root/featuresets/$uuid" ;;
  *) echo "xe stand-in: $*: not simulated" >&2; exit 1 ;;
esac'
      ;;
    libvirt)
      sed -e "s/web-1/web-$i/" -e "s/>safe</>fleet-baseline</" "$repo/fuzz/corpus/hook-domain-xml/with-cpu.xml" > "$root/vms/web-$i.xml"
      stand_in "$root" virsh '
[ "$1" != -r ] || shift
case "$1" in
  list) for d in "$root"/vms/*.xml; do basename "$d" .xml; done ;;
  dumpxml) cat "$root/vms/$3.xml" ;;
  define) name=$(sed -n "s:.*<name>\(.*\)</name>.*:\1:p" "$2" | head -n 1); cp "$2" "$root/vms/$name.xml" ;;
  *) echo "virsh stand-in: $*: not simulated" >&2; exit 1 ;;
esac'
      ;;
  esac
  {
    echo "        $name:"
    echo "          cpupolicy_platform: $platform"
    echo "          cpupolicy_root: $root"
    echo "          cpupolicy_host_environment: {PATH: \"$root/bin:/usr/local/bin:/usr/bin:/bin\"}"
  } >> "$ctl/inventory.yml"
  policy_hosts="$policy_hosts
host $name from \"inventories/$name.txt\""
  pool="${pool:+$pool, }$name"
done
cat > "$ctl/site.cpupolicy" <<POLICY
# A simulated fleet of $n hypervisors (ansible/examples/lab/make-lab.sh); the inventories are what
# cpupolicy.fleet's gather role wrote.
$policy_hosts

pool fleet = $pool

# Every VM runs on every host of the fleet.
profile fleet-baseline = baseline(fleet) - {xsaves} {
  vendor intel
}

default uses fleet-baseline
POLICY
echo "$ctl"
