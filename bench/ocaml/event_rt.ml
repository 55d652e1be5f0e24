(* 100,000 round trips (or N from the command line) between two threads
   over OCaml's Event channels: the main thread sends n, the echo thread
   replies n + 1. *)
let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 100000 in
  let ping = Event.new_channel () and pong = Event.new_channel () in
  let rec echo () =
    let v = Event.sync (Event.receive ping) in
    Event.sync (Event.send pong (v + 1));
    echo ()
  in
  ignore (Thread.create echo ());
  let rec loop i = if i < n then loop (Event.sync (Event.send ping i); Event.sync (Event.receive pong)) else i in
  print_int (loop 0);
  print_newline ()
