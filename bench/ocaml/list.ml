(* list: 50 rounds of
     build n acc = if n == 0 then acc else build (n-1) (n :: acc)   -- [1..100000]
     map xs      = [] -> [] | x :: r -> (x*2+1) :: map r           -- not tail recursive
     sum xs      = [] -> 0  | x :: r -> x + sum r                  -- not tail recursive
   Prints the sum of the 50 sums as a wrapped signed 32-bit int: 1793793664.
   (OCaml ints are 63-bit; the total, 5.0e11, does not overflow them, so it
   is wrapped once at the end.) *)
let rec build n acc = if n = 0 then acc else build (n - 1) (n :: acc)

let rec map xs = match xs with [] -> [] | x :: r -> let r' = map r in (x * 2 + 1) :: r'

let rec sum xs = match xs with [] -> 0 | x :: r -> x + sum r

let int32 x =
  let x = x land 0xffffffff in
  if x >= 0x80000000 then x - 0x100000000 else x

let () =
  let total = ref 0 in
  for _ = 1 to 50 do
    let xs = build 100000 [] in
    let ys = map xs in
    total := !total + sum ys
  done;
  print_endline (string_of_int (int32 !total))
