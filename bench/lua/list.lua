-- list: 50 rounds of
--   build n acc = if n == 0 then acc else build (n-1) (n :: acc)   -- [1..100000]
--   map xs      = [] -> [] | x :: r -> (x*2+1) :: map r           -- not tail recursive
--   sum xs      = [] -> 0  | x :: r -> x + sum r                  -- not tail recursive
-- on lists of {head, tail} tables (nil is the empty list).  Prints the sum of
-- the 50 sums as a wrapped signed 32-bit int: 1793793664.  (Lua integers are
-- 64-bit; the total, 5.0e11, does not overflow them, so it is wrapped once at
-- the end.)
local function build(n, acc)
  if n == 0 then return acc end
  return build(n - 1, {n, acc})
end
local function map(xs)
  if xs == nil then return nil end
  local r = map(xs[2])
  return {xs[1] * 2 + 1, r}
end
local function sum(xs)
  if xs == nil then return 0 end
  return xs[1] + sum(xs[2])
end
local function int32(x)
  x = x & 0xffffffff
  if x >= 0x80000000 then x = x - 0x100000000 end
  return x
end
local total = 0
for _ = 1, 50 do
  local xs = build(100000, nil)
  local ys = map(xs)
  total = total + sum(ys)
end
print(int32(total))
