-- The reference for the store's folded batches: apply each event's
-- plan_event operations one at a time, in order, if its id is new. This is
-- how the store wrote batches before it folded them.
--
-- ARGV[1]: JSON [[seen_key, event_id, ops], ...]

local events = cjson.decode(ARGV[1])

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

local applied = 0
for _, ev in ipairs(events) do
  if redis.call('SADD', ev[1], ev[2]) == 1 then
    for _, op in ipairs(ev[3]) do run(op) end
    applied = applied + 1
  end
end
return applied
