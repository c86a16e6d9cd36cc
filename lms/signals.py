"""Signals of the ground floor, for the apps above.

- `person_erased(user)`: a programme administrator erased the person's personal data (the
  account stays, anonymous, so their team's work keeps its history, shown as "former staff
  member"). Apps above delete what is the person's own (modules: their answers).
"""

from django.dispatch import Signal

person_erased = Signal()
