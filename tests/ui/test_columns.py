"""Column widths fitted to the screen: fixed columns kept, the rest shared, none wider than its
widest cell needs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from screens.widgets.columns import CELL_PADDING, MINIMUM, SCROLLBAR, fit_widths

column = st.one_of(
    st.integers(1, 30),  # fixed
    st.none(),  # one share
    st.floats(0.5, 3.0),  # that many shares
)


@settings(max_examples=500)
@given(
    st.lists(st.tuples(column, st.none() | st.integers(0, 60)), min_size=1, max_size=8),
    st.integers(20, 300),
)
def test_shared_columns_fill_the_screen_and_none_is_wider_than_its_cells(columns, available):
    widths = [w for w, _ in columns]
    most = [m if not isinstance(w, int) else None for w, m in columns]
    fitted = fit_widths(available, widths, most)
    plain = fit_widths(available, widths)
    shared = [i for i, w in enumerate(widths) if not isinstance(w, int)]
    room = available - SCROLLBAR - CELL_PADDING * len(widths)
    room -= sum(w for w in widths if isinstance(w, int))
    for i, w in enumerate(widths):
        if isinstance(w, int):
            assert fitted[i] == plain[i] == w  # fixed columns as given
        else:
            assert fitted[i] >= MINIMUM
    for i in shared:
        if most[i] is not None:
            assert fitted[i] <= max(most[i], MINIMUM)  # never wider than its cells need
    shares = {i: 1.0 if widths[i] is None else widths[i] for i in shared}
    total = sum(shares.values())
    if all(
        most[i] is None or max(room * shares[i] / total, plain[i]) < max(most[i], MINIMUM)
        for i in shared
    ):
        assert fitted == plain  # no column given more than its cells need: as without `most`
    unbound = [i for i in shared if most[i] is None or fitted[i] < max(most[i], MINIMUM)]
    if room >= MINIMUM * len(shared):  # the minimums fit: so does the table
        assert sum(fitted[i] for i in shared) <= room
    if unbound and sum(plain[i] for i in shared) == room:
        # the screen's width is used: what a bound column leaves goes to the others
        assert sum(fitted[i] for i in shared) == room


def test_on_a_wide_screen_the_names_are_whole_before_the_stage_grows():
    # opportunity, account, stage (8 cells), amount (fixed), next action
    fitted = fit_widths(120, [1.0, 1.0, 1.0, 9, 1.5], [16, 24, 8, None, 60])
    assert fitted[2] == 8 and fitted[0] == 16 and fitted[1] == 24
    assert sum(fitted) + SCROLLBAR + CELL_PADDING * 5 == 120  # the action takes the rest


def test_rounding_leftovers_go_where_the_cells_want_them():
    # 32 cells for three equal shares: 10 each and 2 left, which the first column, whose
    # cells need 11, takes only one of
    assert fit_widths(32 + SCROLLBAR + 3 * CELL_PADDING, [None, None, None], [11, None, None]) == [
        11,
        11,
        10,
    ]
