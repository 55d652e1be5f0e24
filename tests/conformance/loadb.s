; loadb b: 0 is false, 1 is true
; expect: false
; expect: true
; expect: (true, false)
main:
    loadb 0
    print
    loadb 1
    print
    push
    loadb 0
    cons
    print
    stop
