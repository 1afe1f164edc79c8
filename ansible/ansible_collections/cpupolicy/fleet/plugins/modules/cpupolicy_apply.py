#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cpupolicy contributors
# MIT License (see LICENSE in the cpupolicy repository)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: cpupolicy_apply
short_description: Set each halted VM's CPU to its cpupolicy profile on a hypervisor
description:
  - C(xapi) runs C(cpupolicy apply xapi --json) for the plan (each halted VM with a profile and its featureset),
    reads each VM's C(platform:featureset) and sets only those that differ (C(xe vm-param-set)).
  - C(libvirt) takes each shut-off domain (C(virsh list --all --state-shutoff --name)), passes its inactive XML
    through C(cpupolicy apply libvirt) and runs C(virsh define) only when the XML changes.
  - A profile takes effect at the VM's next cold start. Running VMs are never touched.
version_added: "1.0.0"
author:
  - cpupolicy contributors
options:
  platform:
    description: The hypervisor.
    type: str
    choices: [libvirt, xapi]
    required: true
  bundle:
    description: The installed bundle.json.
    type: path
    default: /etc/cpupolicy/bundle.json
  command:
    description: How to run cpupolicy on the host.
    type: str
    default: /usr/local/lib/cpupolicy/cpupolicy
  xe:
    description: The xe program.
    type: str
    default: xe
  virsh:
    description: The virsh program.
    type: str
    default: virsh
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
"""

EXAMPLES = r"""
- name: Apply the profiles to halted VMs
  cpupolicy.fleet.cpupolicy_apply:
    platform: xapi
"""

RETURN = r"""
vms:
  description: Each VM considered, with its profile and whether it was (or would be) changed.
  returned: success
  type: list
  elements: dict
  sample: [{"name": "web-01", "profile": "pool-baseline", "changed": true}]
"""

import os
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.cpupolicy.fleet.plugins.module_utils.cpupolicy import run, run_json


def normalise(featureset):
    words = (featureset or "").strip().lower().replace(":", "-").split("-")
    while words and words[-1].strip("0") == "":
        words.pop()
    return "-".join(w.lstrip("0") or "0" for w in words)


def tool(module, argv):
    rc, out, err = module.run_command(argv, check_rc=False)
    if rc != 0:
        module.fail_json(msg="`%s` failed (exit %d): %s" % (" ".join(argv), rc, (err or out).strip()), rc=rc)
    return out


def apply_xapi(module, p):
    env_xe = {"CPUPOLICY_XE": p["xe"]}
    os.environ.update(env_xe)
    dummy, plan, dummy2 = run_json(module, p["command"], ["apply", "xapi", "--bundle", p["bundle"]])
    vms, diff = [], []
    for vm in plan.get("vms", []):
        if not vm.get("featureset"):
            vms.append(dict(name=vm.get("name"), uuid=vm.get("uuid"), profile=None, changed=False, skipped=vm.get("skipped")))
            continue
        rc, out, err = module.run_command([p["xe"], "vm-param-get", "uuid=%s" % vm["uuid"], "param-name=platform",
                                           "param-key=featureset"], check_rc=False)
        current = out.strip() if rc == 0 else ""
        changed = normalise(current) != normalise(vm["featureset"])
        if changed:
            diff.append(dict(before_header="%s platform:featureset" % vm["name"], after_header=vm["profile"],
                             before=current + "\n", after=vm["featureset"] + "\n"))
            if not module.check_mode:
                tool(module, [p["xe"], "vm-param-set", "uuid=%s" % vm["uuid"], "platform:featureset=%s" % vm["featureset"]])
        vms.append(dict(name=vm["name"], uuid=vm["uuid"], profile=vm["profile"], changed=changed))
    return vms, diff


def apply_libvirt(module, p):
    names = [n.strip() for n in tool(module, [p["virsh"], "list", "--all", "--state-shutoff", "--name"]).splitlines() if n.strip()]
    vms, diff = [], []
    for name in names:
        before = tool(module, [p["virsh"], "dumpxml", "--inactive", name])
        dummy, after, dummy2 = run(module, p["command"], ["apply", "libvirt", "-", "--bundle", p["bundle"]], data=before)
        changed = after != before
        if changed:
            diff.append(dict(before_header="%s (inactive XML)" % name, after_header="%s with its profile" % name,
                             before=before, after=after))
            if not module.check_mode:
                fd, path = tempfile.mkstemp(prefix="cpupolicy-", suffix=".xml")
                try:
                    with os.fdopen(fd, "w") as f:
                        f.write(after)
                    tool(module, [p["virsh"], "define", path])
                finally:
                    os.remove(path)
        vms.append(dict(name=name, changed=changed))
    return vms, diff


def main():
    module = AnsibleModule(
        argument_spec=dict(
            platform=dict(type="str", choices=["libvirt", "xapi"], required=True),
            bundle=dict(type="path", default="/etc/cpupolicy/bundle.json"),
            command=dict(type="str", default="/usr/local/lib/cpupolicy/cpupolicy"),
            xe=dict(type="str", default="xe"),
            virsh=dict(type="str", default="virsh"),
        ),
        supports_check_mode=True,
    )
    p = module.params
    vms, diff = apply_xapi(module, p) if p["platform"] == "xapi" else apply_libvirt(module, p)
    result = dict(changed=any(v["changed"] for v in vms), vms=vms)
    if module._diff and diff:
        result["diff"] = diff
    module.exit_json(**result)


if __name__ == "__main__":
    main()
