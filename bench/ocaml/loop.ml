(* loop: a 10,000,000-iteration tail-recursive loop,
     loop i acc = if i == 0 then acc else loop (i-1) (acc+i)
   OCaml ints are 63-bit and the sum (5.0e13) does not overflow them, so the
   accumulator is reduced to a signed 32-bit int once, at the end: the same
   result as the VM's wrapping int32 arithmetic, -2004260032. *)
let rec loop i acc = if i = 0 then acc else loop (i - 1) (acc + i)

let int32 x =
  let x = x land 0xffffffff in
  if x >= 0x80000000 then x - 0x100000000 else x

let () = print_endline (string_of_int (int32 (loop 10000000 0)))
