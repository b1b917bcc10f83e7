import { route, requests } from "../test/fakeApi";
import { getLeaderboard } from "./getLeaderboard";

test("keeps a 64-bit player id as the exact string the API sent", async () => {
  route("/games/apex/leaderboard", () => ({
    status: 200,
    body:
      '{"game":"apex","metric":"kills","limit":1,"offset":0,"total":1,' +
      '"entries":[{"rank":1,"player_id":"76561198046048622","name":"Kaze ",' +
      '"team":"t1","kills":3,"assists":0,"deaths":1,"score":3,"kd":3,' +
      '"matches":1,"wins":0}]}',
  }));

  const board = await getLeaderboard({
    game: "apex",
    metric: "kills",
    limit: 1,
  });

  expect(requests).toEqual(["/games/apex/leaderboard?metric=kills&limit=1"]);
  expect(board.entries[0]?.player_id).toBe("76561198046048622");
  expect(board.entries[0]?.name).toBe("Kaze ");
});
