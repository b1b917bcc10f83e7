-- Apply one consumed batch atomically: each event's operations run only if its
-- id is new to its seen set, then the batch's offsets are recorded and the
-- changed games are told. Everything or nothing is written. Dead letters come
-- as events too, identified by their source offset, so each is counted once.
--
-- ARGV[1]: JSON {"events": [[seen_key, event_id, channel, ops], ...],
--                "ttl": seconds, "offsets_key": key, "offsets": {tp: next}}

local batch = cjson.decode(ARGV[1])
local applied, duplicates = 0, 0
local seen_keys, channels = {}, {}

local function kd(player_key, lb_key, member)
  local v = redis.call('HMGET', player_key, 'kills', 'deaths')
  local kills = tonumber(v[1]) or 0
  local deaths = tonumber(v[2]) or 0
  if deaths < 1 then deaths = 1 end
  redis.call('ZADD', lb_key, kills / deaths, member)
end

local function run(op)
  local c = op[1]
  if c == 'hi' then redis.call('HINCRBY', op[2], op[3], op[4])
  elseif c == 'hf' then redis.call('HINCRBYFLOAT', op[2], op[3], op[4])
  elseif c == 'zi' then redis.call('ZINCRBY', op[2], op[4], op[3])
  elseif c == 'hs' then redis.call('HSET', unpack(op, 2))
  elseif c == 'sa' then redis.call('SADD', op[2], op[3])
  elseif c == 'sr' then redis.call('SREM', op[2], op[3])
  elseif c == 'pf' then redis.call('PFADD', unpack(op, 2))
  elseif c == 'za' then redis.call('ZADD', op[2], op[3], op[4])
  elseif c == 'zn' then redis.call('ZADD', op[2], 'NX', 0, op[3])
  elseif c == 'zt' then redis.call('ZREMRANGEBYSCORE', op[2], '-inf', '(' .. op[3])
  elseif c == 'ea' then redis.call('EXPIREAT', op[2], op[3])
  elseif c == 'xa' then
    redis.call('XADD', op[2], 'MAXLEN', '~', op[3], '*', unpack(op, 4))
  elseif c == 'kd' then kd(op[2], op[3], op[4])
  else error('unknown operation ' .. tostring(c)) end
end

for _, ev in ipairs(batch.events) do
  local is_event = ev[3] ~= ''
  if redis.call('SADD', ev[1], ev[2]) == 1 then
    for _, op in ipairs(ev[4]) do run(op) end
    if is_event then
      applied = applied + 1
      channels[ev[3]] = true
    end
  elseif is_event then
    duplicates = duplicates + 1
  end
  seen_keys[ev[1]] = true
end

for key in pairs(seen_keys) do redis.call('EXPIRE', key, batch.ttl) end
-- Offsets only move forward: an engine that lost its partitions in a rebalance
-- and finishes a late batch must not pull the new owner's position back.
for tp, offset in pairs(batch.offsets) do
  local current = tonumber(redis.call('HGET', batch.offsets_key, tp)) or -1
  if offset > current then redis.call('HSET', batch.offsets_key, tp, offset) end
end
for channel in pairs(channels) do redis.call('PUBLISH', channel, applied) end
return {applied, duplicates}
