"""Rosters the roster tests import."""

import re

PROBLEM_LINE = re.compile(r"^[\w./-]+:\d+: [\w-]+: .+$")
HEADER = (
    "email,first_name,last_name,uniid,municipality_code,school_number,role,teams,team_coordinator"
)


def staff_roster(
    count: int, *, school: str = "773010", teams=("Indskolingen", "Udskolingen")
) -> str:
    """A school's staff: one leader, one local resource person, the rest teachers in teams; the
    first teacher of each team is its coordinator."""
    lines = [HEADER]
    lines.append(f"leder@ny.dk,Lis,Leder,,820,{school},school_leader,,")
    lines.append(f"vejleder@ny.dk,Vera,Vejleder,vera1,820,{school},local_resource_person,,")
    for n in range(count - 2):
        team = teams[n % len(teams)]
        coordinator = team if n < len(teams) else ""
        lines.append(f"laerer{n}@ny.dk,Lærer,Nummer {n},,820,{school},teacher,{team},{coordinator}")
    return "\n".join(lines) + "\n"
