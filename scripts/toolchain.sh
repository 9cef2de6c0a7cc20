# Sourced by ./switchboard and .ci/run: provides Node >= 22.12 (Node 24 LTS from the npm registry when the
# machine's Node is older) and the project's dependencies. Everything is cached; a second run does nothing.
SWITCHBOARD_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/switchboard"

node_is_recent() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null
}

ensure_node() {
  local dir="$SWITCHBOARD_CACHE/node24"
  if [ -x "$dir/node_modules/node/bin/node" ]; then export PATH="$dir/node_modules/node/bin:$PATH"; fi
  node_is_recent && return 0
  command -v npm >/dev/null 2>&1 || { echo "switchboard: Node >= 22.12 is required and npm is missing to install it" >&2; return 1; }
  echo "switchboard: installing Node 24 LTS into $dir (once)" >&2
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error node@24 >&2
  export PATH="$dir/node_modules/node/bin:$PATH"
  node_is_recent || { echo "switchboard: Node 24 did not install into $dir" >&2; return 1; }
}

ensure_deps() {
  local stamp=node_modules/.switchboard-lock
  local want; want="$(node -e 'console.log(require("crypto").createHash("sha256").update(require("fs").readFileSync("package-lock.json")).digest("hex"))')"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "switchboard: installing dependencies" >&2
    npm ci --no-audit --no-fund --loglevel=error >&2
    echo "$want" > "$stamp"
  fi
}
