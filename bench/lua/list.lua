-- list: 50 rounds (arg[1]) of: build [1..100000] tail-recursively,
-- reverse-map it with the closure \x -> x*2+1, fold-sum it with \a b -> a+b,
-- on lists of {head, tail} tables (nil is the empty list).  Prints the sum
-- of the 50 sums as a wrapped signed 32-bit int: 1793793664.  (Lua
-- integers are 64-bit; the total, 5.0e11, does not overflow them, so it is
-- wrapped once at the end.)
local function build(n, acc)
  if n == 0 then return acc end
  return build(n - 1, {n, acc})
end
local function revmap(f, xs, acc)
  if xs == nil then return acc end
  return revmap(f, xs[2], {f(xs[1]), acc})
end
local function foldl(f, acc, xs)
  if xs == nil then return acc end
  return foldl(f, f(acc, xs[1]), xs[2])
end
local function int32(x)
  x = x & 0xffffffff
  if x >= 0x80000000 then x = x - 0x100000000 end
  return x
end
local function rounds(k, total)
  if k == 0 then return total end
  local xs = revmap(function(x) return x * 2 + 1 end, build(100000, nil), nil)
  return rounds(k - 1, total + foldl(function(a, b) return a + b end, 0, xs))
end
print(int32(rounds(tonumber(arg[1] or "50"), 0)))
