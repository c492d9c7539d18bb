#!/usr/bin/env python3
"""Writes the 80 two-phase routines of docs/balance/README.md, round nineteen, into a folder.

Each routine plays one family of moves up to turn T and another after it (T = 3, 6, 9 or 12),
with a summit and a military agreement whenever they open: squeeze (Beijing's squeeze, the UN,
sanctions), force (air drills, bombers, a carrier), restraint (the drills halted or scaled
down, a freeze offer, assurances, the hotline), talks (summit, agreement, inter-Korean and
regional talks, an envoy, consulting Beijing) and resolve (air drills, the squeeze, the UN).
None reads the regime. Run them with, for each level L:

    python3 docs/balance/turn_switch_grid.py /tmp/grid
    peninsula sim --level L --policy $(ls /tmp/grid/*.ron | paste -sd,) --runs 300 --seed 1
"""
import itertools
import pathlib
import sys

PHASES = {
    "squeeze": ["ask_beijing_pressure", "joint_un_action", "new_sanctions"],
    "force": ["joint_air_drills", "bomber_overflight", "carrier_deployment"],
    "restraint": ["halt_drills", "scale_down_drills", "suspension_offer", "security_assurances", "open_hotline"],
    "talks": ["leaders_summit", "military_agreement", "inter_korean_talks", "regional_talks", "special_envoy", "consult_beijing"],
    "resolve": ["joint_air_drills", "ask_beijing_pressure", "joint_un_action"],
}
ALWAYS = ["leaders_summit", "military_agreement"]


def routine(first: str, then: str, switch: int) -> str:
    rules, weight = [], 90.0
    for action in ALWAYS:
        rules.append(f'(action: "{action}", weight: {weight}),')
        weight -= 1
    for action in PHASES[first]:
        rules.append(f'(action: "{action}", weight: {weight}, when: [AtMost("turn", {switch})]),')
        weight -= 1
    for action in PHASES[then]:
        rules.append(f'(action: "{action}", weight: {weight}, when: [AtLeast("turn", {switch + 1})]),')
        weight -= 1
    rules.append('(action: "hold_course", weight: 10.0),')
    name = f"{first}_{switch}_then_{then}"
    families = "{ShowOfForce: -50.0, Restraint: -50.0, BeijingOutreach: -50.0, DirectDiplomacy: -50.0}"
    body = "\n    ".join(rules)
    return f'(\n  name: "{name}",\n  families: {families},\n  rules: [\n    {body}\n  ],\n)\n'


def main() -> None:
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "grid")
    out.mkdir(parents=True, exist_ok=True)
    for first, then in itertools.permutations(PHASES, 2):
        for switch in (3, 6, 9, 12):
            (out / f"{first}_{switch}_then_{then}.ron").write_text(routine(first, then, switch))


if __name__ == "__main__":
    main()
