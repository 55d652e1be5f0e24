-- loop: a tail-recursive sum of 1..10,000,000 (size: arg[1]),
--   loop i acc = if i == 0 then acc else loop (i-1) (acc+i)
-- Lua integers are 64-bit and the sum (5.0e13) does not overflow them, so
-- the accumulator is reduced to a signed 32-bit int once, at the end:
-- the same result as the VM's wrapping int32 arithmetic, -2004260032.
local function loop(i, acc)
  if i == 0 then return acc end
  return loop(i - 1, acc + i)
end
local function int32(x)
  x = x & 0xffffffff
  if x >= 0x80000000 then x = x - 0x100000000 end
  return x
end
print(int32(loop(tonumber(arg[1] or "10000000"), 0)))
