# -*- coding: utf-8 -*-
# Copyright: cpupolicy contributors
# MIT License (see LICENSE in the cpupolicy repository)
"""Runs the cpupolicy command for the collection's modules and turns its failures into module failures."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import shlex


def command_words(command):
    """`cpupolicy`, `/usr/bin/cpupolicy` or `dotnet /opt/cpupolicy/cpupolicy.dll`: the words to run."""
    words = shlex.split(command)
    if not words:
        raise ValueError("the cpupolicy command is empty")
    return words


def run(module, command, args, data=None, ok_codes=(0,)):
    """Runs `command args`; fails the task with cpupolicy's own diagnostics when the exit code is not in ok_codes."""
    argv = command_words(command) + list(args)
    rc, out, err = module.run_command(argv, data=data, binary_data=data is not None, check_rc=False)
    if rc not in ok_codes:
        message = err.strip() or out.strip() or "no output"
        module.fail_json(
            msg="`%s` failed (exit %d): %s" % (" ".join(argv), rc, message),
            rc=rc, stdout=out, stderr=err, cmd=argv)
    return rc, out, err


def run_json(module, command, args, ok_codes=(0,)):
    """Runs `command --json args` and parses its one JSON document."""
    rc, out, err = run(module, command, ["--json"] + list(args), ok_codes=ok_codes)
    try:
        return rc, json.loads(out), err
    except ValueError as e:
        module.fail_json(msg="`%s` printed no JSON document: %s" % (command, e), stdout=out, stderr=err)
        return rc, None, err
