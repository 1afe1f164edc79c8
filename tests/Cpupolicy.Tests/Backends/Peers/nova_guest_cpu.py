#!/usr/bin/python3
"""What Nova 26's own code makes of a [libvirt] section, without a hypervisor (NovaPeerTests runs this).

Usage: nova_guest_cpu.py NOVA_CONF [TRAIT ...]

Loads NOVA_CONF with oslo.config and Nova's registered option definitions (a value they refuse exits 3 with the
error on stderr), then runs the libvirt driver's own code on it: the startup check of the section
(_check_cpu_compatibility up to the host comparison), the guest CPU config (_get_guest_cpu_model_config, with the
flavor's required TRAITs picking the model as _match_cpu_model_by_flags does) and the traits the compute node
reports (_get_cpu_feature_traits). Behind the driver sits the real libvirt through its test driver
(test:///default): its CPU model list and its baselineCPU. Prints one JSON object: the guest <cpu> XML Nova hands
libvirt, the chosen model, and the reported traits that are true.
"""
import json
import sys

import libvirt
import nova.conf
from nova import exception
from nova import objects
from nova.virt.libvirt import config as vconfig
from nova.virt.libvirt import driver

CONF = nova.conf.CONF


class TestDriverHost:
    """The parts of nova.virt.libvirt.host.Host the CPU code asks, answered by libvirt's test driver."""

    def __init__(self):
        self.connection = libvirt.open("test:///default")

    def get_connection(self):
        return self.connection

    def get_cpu_model_names(self):
        return self.connection.getCPUModelNames("x86_64", 0)

    def get_capabilities(self):
        caps = vconfig.LibvirtConfigCaps()
        caps.host = vconfig.LibvirtConfigCapsHost()
        caps.host.cpu = vconfig.LibvirtConfigCPU()
        caps.host.cpu.arch = "x86_64"
        caps.host.cpu.vendor = "Intel"
        return caps


def main():
    conf_file, traits = sys.argv[1], sys.argv[2:]
    try:
        CONF([], project="nova", default_config_files=[conf_file])
        section = {name: getattr(CONF.libvirt, name) for name in ("cpu_mode", "cpu_models", "cpu_model_extra_flags")}
    except Exception as e:  # oslo.config's ConfigFileValueError / ConfigFileParseError
        print("%s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 3

    objects.register_all()
    drv = driver.LibvirtDriver.__new__(driver.LibvirtDriver)
    drv._host = TestDriverHost()
    drv.cpu_models_mapping = {}
    drv.cpu_model_flag_mapping = {}
    drv._get_cpu_info = lambda: {"arch": "x86_64"}
    driver.libvirt = libvirt
    CONF.set_override("skip_cpu_compare_at_startup", True, group="workarounds")
    try:
        drv._check_cpu_compatibility()
        flavor = objects.Flavor(extra_specs={"trait:" + t: "required" for t in traits}, vcpus=1, memory_mb=64,
                                root_gb=1, ephemeral_gb=0, swap=0, name="f", flavorid="f")
        cpu = drv._get_guest_cpu_model_config(flavor=flavor if traits else None, arch="x86_64")
        reported = drv._get_cpu_feature_traits()
    except (exception.Invalid, exception.InvalidCPUInfo) as e:
        print("%s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 4

    json.dump({
        "section": section,
        "model": cpu.model,
        "xml": cpu.to_xml(),
        "traits": sorted(t for t, on in reported.items() if on),
    }, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
