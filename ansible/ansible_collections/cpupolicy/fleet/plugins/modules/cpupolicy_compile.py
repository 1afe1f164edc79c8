#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cpupolicy contributors
# MIT License (see LICENSE in the cpupolicy repository)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: cpupolicy_compile
short_description: Compile a cpupolicy policy into its artifacts and bundle.json
description:
  - Runs C(cpupolicy compile) on I(policy) into a scratch folder, compares the result with I(dest) file by file
    and, when something differs, replaces the changed files of I(dest) (each by a temporary file and a rename).
  - Reports C(changed) only when an artifact or C(bundle.json) differs. The feature-level difference
    (C(cpupolicy diff)) is returned as I(policy_diff) and, in diff mode, shown with the text of each changed file.
  - In check mode the compile still runs (into the scratch folder, which is removed) so that the diff is real, but
    I(dest) is not touched.
  - Errors in the policy or its inventories fail the task with cpupolicy's diagnostics.
version_added: "1.0.0"
author:
  - cpupolicy contributors
options:
  policy:
    description: The policy file (its C(host ... from) paths are relative to it).
    type: path
    required: true
  dest:
    description: The folder of the compiled artifacts; created when missing.
    type: path
    required: true
  command:
    description:
      - How to run cpupolicy on the controller, split like a shell would
        (C(cpupolicy), C(/usr/local/bin/cpupolicy), C(dotnet /opt/cpupolicy/cpupolicy.dll)).
    type: str
    default: cpupolicy
  targets:
    description: Backends to compile (C(xen), C(xapi), C(libvirt), C(qemu), C(kubevirt)); empty means the policy's own.
    type: list
    elements: str
    default: []
  mode:
    description: The hook mode stored in C(bundle.json); the installers' per-host setting wins over it.
    type: str
    choices: [enforce, advise]
  on_error:
    description: The hook's on-error setting stored in C(bundle.json).
    type: str
    choices: [allow, refuse]
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
notes:
  - Runs on the controller (C(delegate_to: localhost), C(run_once: true)).
"""

EXAMPLES = r"""
- name: Compile the policy kept in git
  cpupolicy.fleet.cpupolicy_compile:
    policy: "{{ playbook_dir }}/site.cpupolicy"
    dest: "{{ playbook_dir }}/out"
  delegate_to: localhost
  run_once: true

- name: Compile with the CLI from a checkout, libvirt and xapi only
  cpupolicy.fleet.cpupolicy_compile:
    policy: site.cpupolicy
    dest: out
    command: dotnet /opt/cpupolicy/cpupolicy.dll
    targets: [libvirt, xapi]
"""

RETURN = r"""
files:
  description: The files of the compiled output, by name.
  returned: success
  type: list
  elements: str
  sample: [bundle.json, pool-baseline.libvirt.xml]
changed_files:
  description: Files that were added, changed or removed in I(dest) (or would be, in check mode).
  returned: success
  type: list
  elements: str
  sample: [bundle.json, pool-baseline.xapi.txt]
profiles:
  description: Each profile with its vendor, hosts and number of features, as C(cpupolicy compile --json) reports them.
  returned: success
  type: list
  elements: dict
policy_diff:
  description: C(cpupolicy diff --json) between the old I(dest) and the new output (features gained and lost per
    profile and VM glob); null when I(dest) had no C(bundle.json).
  returned: success
  type: dict
warnings_text:
  description: cpupolicy's warnings (stderr) from the compile.
  returned: success
  type: str
"""

import filecmp
import os
import shutil
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.cpupolicy.fleet.plugins.module_utils.cpupolicy import run_json

# What `cpupolicy compile` writes: a stale file of these kinds (a removed profile) is deleted from dest.
# Keep in step with the backends (BackendRegistry): a suffix missing here makes every run report a change.
ARTIFACT_SUFFIXES = (".xen.cfg", ".xapi.txt", ".libvirt.xml", ".qemu.txt", ".kubevirt.yaml", ".proxmox.conf", ".nova.conf", "bundle.json")


def read_text(path):
    if path is None or not os.path.exists(path):
        return ""
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def replace_file(src, dest):
    tmp = dest + ".cpupolicy-tmp"
    shutil.copyfile(src, tmp)
    os.chmod(tmp, 0o644)
    os.rename(tmp, dest)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            policy=dict(type="path", required=True),
            dest=dict(type="path", required=True),
            command=dict(type="str", default="cpupolicy"),
            targets=dict(type="list", elements="str", default=[]),
            mode=dict(type="str", choices=["enforce", "advise"]),
            on_error=dict(type="str", choices=["allow", "refuse"]),
        ),
        supports_check_mode=True,
    )
    p = module.params
    dest = p["dest"]
    scratch = tempfile.mkdtemp(prefix="cpupolicy-compile-")
    try:
        args = ["compile", p["policy"], "--out", scratch]
        for t in p["targets"]:
            args += ["--target", t]
        if p["mode"]:
            args += ["--mode", p["mode"]]
        if p["on_error"]:
            args += ["--on-error", p["on_error"]]
        dummy, compiled, err = run_json(module, p["command"], args)

        new_files = sorted(os.listdir(scratch))
        old_files = sorted(f for f in os.listdir(dest) if f.endswith(ARTIFACT_SUFFIXES)) if os.path.isdir(dest) else []
        changed_files = []
        for name in sorted(set(new_files) | set(old_files)):
            old = os.path.join(dest, name)
            new = os.path.join(scratch, name)
            if name not in old_files or name not in new_files or not filecmp.cmp(old, new, shallow=False):
                changed_files.append(name)

        policy_diff = None
        if changed_files and os.path.exists(os.path.join(dest, "bundle.json")):
            dummy, policy_diff, dummy2 = run_json(module, p["command"], ["diff", dest, scratch])

        diff = []
        if module._diff:
            for name in changed_files:
                diff.append(dict(
                    before_header=os.path.join(dest, name) if name in old_files else "/dev/null",
                    after_header=os.path.join(dest, name) if name in new_files else "/dev/null",
                    before=read_text(os.path.join(dest, name)) if name in old_files else "",
                    after=read_text(os.path.join(scratch, name)) if name in new_files else ""))

        if changed_files and not module.check_mode:
            if not os.path.isdir(dest):
                os.makedirs(dest, 0o755)
            for name in changed_files:
                if name in new_files:
                    replace_file(os.path.join(scratch, name), os.path.join(dest, name))
                else:
                    os.remove(os.path.join(dest, name))

        profiles = [dict(name=x.get("name"), vendor=x.get("vendor"), hosts=x.get("hosts"),
                         features=len(x.get("features") or [])) for x in compiled.get("profiles", [])]
        result = dict(changed=bool(changed_files), files=new_files, changed_files=changed_files,
                      profiles=profiles, policy_diff=policy_diff, warnings_text=err.strip())
        if diff:
            result["diff"] = diff
        module.exit_json(**result)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
