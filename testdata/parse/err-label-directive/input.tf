resource "%{if x}" "x" {
}
