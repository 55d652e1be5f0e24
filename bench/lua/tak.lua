-- tak: Takeuchi's function, tak 18 12 6 = 7, computed 500 times
-- (repetitions: arg[1]).
local function tak(x, y, z)
  if y < x then return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) end
  return z
end
local function rep(n, r)
  if n == 0 then return r end
  return rep(n - 1, tak(18, 12, 6))
end
print(rep(tonumber(arg[1] or "500"), 0))
