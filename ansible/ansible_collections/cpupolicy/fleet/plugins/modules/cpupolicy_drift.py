#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cpupolicy contributors
# MIT License (see LICENSE in the cpupolicy repository)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: cpupolicy_drift
short_description: Compare a host's CPU as gathered now with the inventory its policy was compiled from
description:
  - Decodes both inventories with C(cpupolicy host --json) and compares vendor, family/model/stepping and
    features. A host with no compiled inventory is C(new); one whose features differ is C(changed) (a new
    motherboard, a microcode update that dropped a feature, a BIOS setting).
  - For a C(new) or C(changed) host, runs C(cpupolicy plan) with the current inventory (C(--add NAME=FILE) for a
    new host; C(--remove NAME --add NAME-now=FILE) for a changed one) and returns its ordered steps.
  - Only reads files; never reports C(changed). Failing on drift is the caller's decision (the C(verify) role fails
    the play for hosts in enforce mode).
version_added: "1.0.0"
author:
  - cpupolicy contributors
options:
  name:
    description: The host's name in the policy.
    type: str
    required: true
  policy:
    description: The policy file the bundle was compiled from.
    type: path
    required: true
  compiled:
    description: The inventory file the policy read for this host (absent for a host the policy does not know yet).
    type: path
    required: true
  current:
    description: The inventory gathered now.
    type: path
    required: true
  pool:
    description: The pool a new host would join (C(cpupolicy plan --pool)); needed when the policy has several pools.
    type: str
  command:
    description: How to run cpupolicy on the controller (C(cpupolicy), C(dotnet /opt/cpupolicy/cpupolicy.dll)).
    type: str
    default: cpupolicy
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
"""

EXAMPLES = r"""
- name: Has this host's CPU changed since the policy was compiled?
  cpupolicy.fleet.cpupolicy_drift:
    name: "{{ inventory_hostname }}"
    policy: "{{ cpupolicy_policy }}"
    compiled: "{{ cpupolicy_inventory_dir }}/{{ inventory_hostname }}.txt"
    current: "{{ cpupolicy_verify_dir }}/{{ inventory_hostname }}.txt"
  delegate_to: localhost
  register: drift
"""

RETURN = r"""
status:
  description: C(unchanged), C(changed) or C(new).
  returned: success
  type: str
  sample: changed
drifted:
  description: True when I(status) is not C(unchanged).
  returned: success
  type: bool
gained:
  description: Features the host has now and did not have when the policy was compiled.
  returned: success
  type: list
  elements: str
lost:
  description: Features the host had when the policy was compiled and has no more.
  returned: success
  type: list
  elements: str
signature:
  description: Vendor, family, model and stepping before and now.
  returned: success
  type: dict
plan:
  description: C(cpupolicy plan --json) for the host as it is now (feasible, steps, vms, blockers); null when unchanged.
  returned: success
  type: dict
steps:
  description: The plan's steps, one line each (C(N. action: description)).
  returned: success
  type: list
  elements: str
"""

import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.cpupolicy.fleet.plugins.module_utils.cpupolicy import run_json

SIGNATURE = ("vendor", "family", "model", "stepping")


def decode(module, command, path):
    dummy, host, dummy2 = run_json(module, command, ["host", path])
    names = set(f["name"] if isinstance(f, dict) else f for f in host.get("features", []))
    return names, dict((k, host.get(k)) for k in SIGNATURE)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            policy=dict(type="path", required=True),
            compiled=dict(type="path", required=True),
            current=dict(type="path", required=True),
            pool=dict(type="str"),
            command=dict(type="str", default="cpupolicy"),
        ),
        supports_check_mode=True,
    )
    p = module.params
    now, now_sig = decode(module, p["command"], p["current"])
    if os.path.exists(p["compiled"]):
        before, before_sig = decode(module, p["command"], p["compiled"])
        status = "unchanged" if (before, before_sig) == (now, now_sig) else "changed"
    else:
        before, before_sig = set(), None
        status = "new"

    plan = None
    steps = []
    if status != "unchanged":
        if status == "new":
            args = ["plan", "--policy", p["policy"], "--add", "%s=%s" % (p["name"], p["current"])]
        else:
            args = ["plan", "--policy", p["policy"], "--remove", p["name"], "--add", "%s-now=%s" % (p["name"], p["current"])]
        if p["pool"]:
            args += ["--pool", p["pool"]]
        # Exit 3 is the plan's verdict that the policy would no longer compile: a result, not a failure.
        dummy, plan, dummy2 = run_json(module, p["command"], args, ok_codes=(0, 3))
        steps = ["%s. %s: %s" % (s.get("number"), s.get("action"), s.get("description")) for s in plan.get("steps", [])]
        for b in plan.get("blockers", []):
            steps.append("blocked: %s %s" % (b.get("code"), b.get("message")))

    module.exit_json(
        changed=False, status=status, drifted=status != "unchanged",
        gained=sorted(now - before) if status == "changed" else [],
        lost=sorted(before - now) if status == "changed" else [],
        signature=dict(compiled=before_sig, current=now_sig),
        plan=plan, steps=steps)


if __name__ == "__main__":
    main()
