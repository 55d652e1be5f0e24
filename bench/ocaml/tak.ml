(* tak: Takeuchi's function, tak 18 12 6 = 7, computed 500 times
   (repetitions: argv.(1)). *)
let rec tak x y z =
  if y < x then tak (tak (x - 1) y z) (tak (y - 1) z x) (tak (z - 1) x y)
  else z

let rec repeat n r = if n = 0 then r else repeat (n - 1) (tak 18 12 6)

let size = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 500
let () = print_endline (string_of_int (repeat size 0))
