a {}
b { x = 1 }
c "l1" "l2" { y = [1, 2] }
c "l1" "l2" { y = 3 }
c "l1" other { }
