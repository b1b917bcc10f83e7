-- Apply one consumed batch atomically. Every event id (and every dead letter's
-- source offset) must be new to its seen set: if any is not, nothing is
-- written and the repeats are returned, for the caller to fold the batch again
-- without them. Otherwise the ids are marked seen, the batch's folded writes
-- are made, its offsets recorded and the changed games told.
--
-- ARGV[1]: JSON, as pipeline.store builds it:
--   seen      [seen_key, [id, ...], seen_key, [id, ...], ...]
--   hi        [[key, field, n, ...], ...]      integer increments of a hash
--   hf        [key, field, n, ...]             HINCRBYFLOAT
--   hs        [[key, field, value, ...], ...]  HSET
--   zi        [[key, member, n, ...], ...]     increments of a sorted set
--   zn        [[key, member, ...], ...]        ZADD NX at zero
--   kd        [[board, player_key, member, ...], ...]  K/D from player hashes
--   sa, sr    [[key, member, ...], ...]        SADD, SREM
--   pf        [[key, element, ...], ...]       PFADD
--   zt        [key, score, ...]                ZREMRANGEBYSCORE below score
--   za        [key, score, member, ...]        ZADD
--   ea        [key, time, ...]                 EXPIREAT
--   xa        [[key, maxlen, field, value, ...], ...]  XADD MAXLEN ~
--   ttl, offsets_key, offsets {tp: next}, channels [channel, ...], applied
-- Returns {1} when written, or {0, {seen_key, id, ...}} naming the repeats.
--
-- Known shortcoming: Redis has no rollback. If a command fails part-way (a key
-- of another type put under this stack's prefix by hand, or Redis out of
-- memory), the ids are already marked seen and the rest of the batch is not
-- written: that batch is lost, never counted twice. Valid events cannot cause
-- it (pipeline/events.py bounds every number); refusing the whole script
-- up front when Redis is out of memory (script flags) is the next step.

local batch = cjson.decode(ARGV[1])
-- unpack() has a limit on how many values it returns; stay well below it.
local CHUNK = 1000

local function each_chunk(list, first, fn)
  for i = first, #list, CHUNK do
    fn(unpack(list, i, math.min(i + CHUNK - 1, #list)))
  end
end

local repeats = {}
local seen = batch.seen
for i = 1, #seen, 2 do
  local key, ids = seen[i], seen[i + 1]
  for j = 1, #ids, CHUNK do
    local flags = redis.call('SMISMEMBER', key, unpack(ids, j, math.min(j + CHUNK - 1, #ids)))
    for k = 1, #flags do
      if flags[k] == 1 then
        repeats[#repeats + 1] = key
        repeats[#repeats + 1] = ids[j + k - 1]
      end
    end
  end
end
if #repeats > 0 then return {0, repeats} end

for i = 1, #seen, 2 do
  local key = seen[i]
  each_chunk(seen[i + 1], 1, function(...) redis.call('SADD', key, ...) end)
  redis.call('EXPIRE', key, batch.ttl)
end

-- Increments of many fields (or members) of one key: one read of the current
-- values and one write of the sums, instead of a command per field. Counts
-- are integers far below 2^53, so the sums are exact; scores are doubles in
-- Redis too, so adding them here is what ZINCRBY would do.
local function add_all(list, read, write)
  local key = list[1]
  for i = 2, #list, 2 * CHUNK do
    local last = math.min(i + 2 * CHUNK - 1, #list)
    local names = {}
    for j = i, last, 2 do names[#names + 1] = list[j] end
    local current = redis.call(read, key, unpack(names))
    local args = {}
    for j = i, last, 2 do
      local n = (tonumber(current[(j - i) / 2 + 1]) or 0) + list[j + 1]
      if write == 'ZADD' then
        args[#args + 1] = n
        args[#args + 1] = list[j]
      else
        args[#args + 1] = list[j]
        args[#args + 1] = n
      end
    end
    redis.call(write, key, unpack(args))
  end
end

for _, list in ipairs(batch.hi) do add_all(list, 'HMGET', 'HSET') end
local t = batch.hf
for i = 1, #t, 3 do redis.call('HINCRBYFLOAT', t[i], t[i + 1], t[i + 2]) end
for _, args in ipairs(batch.hs) do redis.call('HSET', unpack(args)) end
for _, list in ipairs(batch.zi) do add_all(list, 'ZMSCORE', 'ZADD') end
for _, members in ipairs(batch.zn) do
  local key = members[1]
  each_chunk(members, 2, function(...)
    local args = {}
    for _, member in ipairs({...}) do
      args[#args + 1] = 0
      args[#args + 1] = member
    end
    redis.call('ZADD', key, 'NX', unpack(args))
  end)
end
-- After the increments, so each K/D comes from the player's final figures.
for _, list in ipairs(batch.kd) do
  local board, args = list[1], {}
  for i = 2, #list, 2 do
    local v = redis.call('HMGET', list[i], 'kills', 'deaths')
    local kills = tonumber(v[1]) or 0
    local deaths = tonumber(v[2]) or 0
    if deaths < 1 then deaths = 1 end
    args[#args + 1] = kills / deaths
    args[#args + 1] = list[i + 1]
    if #args >= 2 * CHUNK then
      redis.call('ZADD', board, unpack(args))
      args = {}
    end
  end
  if #args > 0 then redis.call('ZADD', board, unpack(args)) end
end

for _, members in ipairs(batch.sa) do
  local key = members[1]
  each_chunk(members, 2, function(...) redis.call('SADD', key, ...) end)
end
for _, members in ipairs(batch.sr) do
  local key = members[1]
  each_chunk(members, 2, function(...) redis.call('SREM', key, ...) end)
end
for _, elements in ipairs(batch.pf) do
  local key = elements[1]
  each_chunk(elements, 2, function(...) redis.call('PFADD', key, ...) end)
end
-- Trim before adding: the caller sends only minutes that stay.
t = batch.zt
for i = 1, #t, 2 do redis.call('ZREMRANGEBYSCORE', t[i], '-inf', '(' .. t[i + 1]) end
t = batch.za
for i = 1, #t, 3 do redis.call('ZADD', t[i], t[i + 1], t[i + 2]) end
-- Last of the writes: an expiry in the past removes the key there and then.
t = batch.ea
for i = 1, #t, 2 do redis.call('EXPIREAT', t[i], t[i + 1]) end
for _, args in ipairs(batch.xa) do
  redis.call('XADD', args[1], 'MAXLEN', '~', args[2], '*', unpack(args, 3))
end

-- Offsets only move forward: an engine that lost its partitions in a rebalance
-- and finishes a late batch must not pull the new owner's position back.
for tp, offset in pairs(batch.offsets) do
  local current = tonumber(redis.call('HGET', batch.offsets_key, tp)) or -1
  if offset > current then redis.call('HSET', batch.offsets_key, tp, offset) end
end
for _, channel in ipairs(batch.channels) do
  redis.call('PUBLISH', channel, batch.applied)
end
return {1}
