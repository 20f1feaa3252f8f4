from briefgen.assemble.merging import connected_groups


def test_pairs_join_transitively_and_singletons_stay():
    assert connected_groups(5, [(0, 2), (2, 4)]) == [[0, 2, 4], [1], [3]]


def test_no_items():
    assert connected_groups(0, []) == []
