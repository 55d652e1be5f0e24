(* loop: a tail-recursive sum of 1..10,000,000 (size: argv.(1)),
     loop i acc = if i == 0 then acc else loop (i-1) (acc+i)
   OCaml ints are 63-bit and the sum (5.0e13) does not overflow them, so
   the result is reduced to a signed 32-bit int once, at the end:
   -2004260032, as the VM's wrapping int32 arithmetic. *)
let rec loop i acc = if i = 0 then acc else loop (i - 1) (acc + i)

let int32 x =
  let x = x land 0xffffffff in
  if x >= 0x80000000 then x - 0x100000000 else x

let size = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 10000000
let () = print_endline (string_of_int (int32 (loop size 0)))
