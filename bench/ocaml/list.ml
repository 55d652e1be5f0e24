(* list: 50 rounds (argv.(1)) of: build [1..100000] tail-recursively,
   reverse-map it with the closure (fun x -> x*2+1), fold-sum it with
   (fun a b -> a+b).  Prints the sum of the 50 sums as a wrapped signed
   32-bit int: 1793793664.  (OCaml ints are 63-bit; the total, 5.0e11, does
   not overflow them, so it is wrapped once at the end.) *)
let rec build n acc = if n = 0 then acc else build (n - 1) (n :: acc)

let rec revmap f xs acc = match xs with [] -> acc | x :: r -> revmap f r (f x :: acc)

let rec foldl f acc xs = match xs with [] -> acc | x :: r -> foldl f (f acc x) r

let int32 x =
  let x = x land 0xffffffff in
  if x >= 0x80000000 then x - 0x100000000 else x

let rec rounds k total =
  if k = 0 then total
  else
    let xs = revmap (fun x -> x * 2 + 1) (build 100000 []) [] in
    rounds (k - 1) (total + foldl (fun a b -> a + b) 0 xs)

let size = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 50
let () = print_endline (string_of_int (int32 (rounds size 0)))
