"""`since` far in the future on /heatmap and /kills: an answer, never a 5xx.

The contract takes epoch seconds for `since`; a number too large to be a
time is a 400 naming the parameter, not a 500, nor a 503 that says Redis is
down while it answers.
"""

import pytest


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/heatmap", {"map": "live_fire", "since": "1e308"}),
        ("/heatmap", {"map": "live_fire", "since": "253402300800"}),
        ("/heatmap", {"map": "live_fire", "since": "1e16"}),
        ("/heatmap", {"map": "live_fire", "since": "1e18"}),
        ("/kills", {"since": "1e308"}),
        ("/kills", {"since": "1e18"}),
    ],
)
def test_a_since_far_in_the_future_is_answered(client, path, params):
    response = client.get(f"/api/v1/games/halo{path}", query_string=params)

    assert response.status_code == 400, response.get_json()
    assert response.get_json()["error"]["parameter"] == "since"
