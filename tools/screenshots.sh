#!/usr/bin/env bash
# Screenshots of every page of the real window on a 1366×768 screen, at the given text sizes.
#
#   tools/screenshots.sh OUT_DIR [BINARY] [SCALES…]
#   e.g. tools/screenshots.sh /tmp/shots target/debug/paalogging 1.0 1.5 2.0
#
# A private Xvfb (1366×768) with openbox as window manager, so the window has a title bar and
# can be maximised as on a PC. Each page is reached as a user would after a restart: a saved
# progress file names the page, and Tab + Enter on «Fortsett der du slapp?» opens it. The
# help page («Jeg står fast») is opened with Shift+Tab from the page title. Configuration and
# data live in a throw-away folder; the network checks run as they are (without internet they
# show what a failure looks like). Writes OUT_DIR/<scale>/<page>.png and OUT_DIR/window-sizes.txt
# (the window's size and place at each text size).
#
# SHOTS_PAGES="start finish": only those pages. SHOTS_LANGUAGE=nn (or en): that guide (default nb).
#
# Needs: xvfb, openbox, xdotool, imagemagick (import), Mesa's OpenGL.
set -euo pipefail

out=${1:?usage: tools/screenshots.sh OUT_DIR [BINARY] [SCALES…]}
binary=${2:-${CARGO_TARGET_DIR:-target}/debug/paalogging}
shift $(($# >= 2 ? 2 : $#))
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(1.0 2.0)

for tool in Xvfb openbox xdotool import; do
    command -v "$tool" > /dev/null || { echo "missing: $tool" >&2; exit 1; }
done
[ -x "$binary" ] || { echo "no binary at $binary (cargo build first)" >&2; exit 1; }

work=$(mktemp -d)
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp > "$work/xvfb.log" 2>&1 &
xvfb=$!
tear_down() {
    [ -n "${app:-}" ] && kill "$app" 2> /dev/null || true
    [ -n "${wm:-}" ] && kill "$wm" 2> /dev/null || true
    kill "$xvfb" 2> /dev/null || true
    rm -rf "$work"
}
trap tear_down EXIT
export DISPLAY=$display
for _ in $(seq 50); do xdpyinfo > /dev/null 2>&1 && break; sleep 0.1; done
# NO_WM=1: no window manager, as a check that the app's own fit keeps the window on screen.
if [ -z "${NO_WM:-}" ]; then
    openbox > "$work/openbox.log" 2>&1 &
    wm=$!
fi
sleep 0.5

# Every page of the guide, in its order: the start page, the 11 steps, the re-login, the finish
# page and the help pages.
language=${SHOTS_LANGUAGE:-nb}
mapfile -t all < <(grep -o '^id = "[^"]*"' "assets/guide/$language.toml" | sed 's/id = "\(.*\)"/\1/')
pages=("${all[@]}")
read -r -a only <<< "${SHOTS_PAGES:-}"

mkdir -p "$out"
sizes="$out/window-sizes.txt"
: > "$sizes"

# Starts the app with the text size and the saved page (none: the start page), waits for the
# window and for the page to settle.
start_app() {
    local scale=$1 page=$2
    local data="$work/data"
    rm -rf "$data"
    mkdir -p "$data"
    printf '{"text_scale": %s}\n' "$scale" > "$data/settings.json"
    if [ "$page" != start ]; then
        local history='"start"'
        for earlier in "${pages[@]}"; do
            [ "$earlier" = "$page" ] && break
            [ "$earlier" = start ] || history="$history, \"$earlier\""
        done
        cat > "$data/progress.json" << EOF
{
  "format": 1,
  "page": "$page",
  "history": [$history],
  "answers": { "wrong_email": "kari.nordmann@gmail.com", "got_reset_mail": true },
  "saved_at": $(($(date +%s) - 600))
}
EOF
    fi
    PAALOGGING_DATA_DIR="$data" \
        PAALOGGING_MACHINE_CONFIG="$work/none.toml" \
        PAALOGGING_USER_CONFIG="$work/none.toml" \
        LANG=nb_NO.UTF-8 \
        "$binary" --renderer glow --language "$language" > "$work/app.log" 2>&1 &
    app=$!
    for _ in $(seq 100); do
        window=$(xdotool search --name 'loggingshjelp$' 2> /dev/null | head -1) && [ -n "$window" ] && break
        sleep 0.1
    done
    [ -n "${window:-}" ] || { echo "no window" >&2; cat "$work/app.log" >&2; exit 1; }
    # Fitting to the work area, the pictures and the network checks take a moment.
    sleep 3
    if [ "$page" != start ]; then
        # «Fortsett der du slapp?»: the title has focus; Tab reaches «Fortsett», Enter presses.
        xdotool key --window "$window" Tab
        sleep 0.3
        xdotool key --window "$window" Return
        sleep 2
    fi
}

stop_app() {
    kill "$app" 2> /dev/null || true
    wait "$app" 2> /dev/null || true
    app=
}

shot() {
    import -window root "$1"
    echo "$1"
}

for scale in "${scales[@]}"; do
    dir="$out/$scale"
    mkdir -p "$dir"
    for page in "${pages[@]}"; do
        if [ ${#only[@]} -gt 0 ] && [[ " ${only[*]} " != *" $page "* ]]; then
            continue
        fi
        start_app "$scale" "$page"
        if [ "$page" = start ]; then
            echo "text ${scale}: $(xdotool getwindowgeometry "$window" | tr '\n' ' ')" >> "$sizes"
        fi
        shot "$dir/$page.png"
        if [ "$page" = enter-wrong-email ]; then
            # The help page: Shift+Tab from the title reaches «Mer», then «Jeg står fast».
            for key in shift+Tab shift+Tab space; do
                xdotool key --window "$window" "$key"
                sleep 0.5
            done
            sleep 1
            shot "$dir/help-stuck.png"
        fi
        stop_app
    done
done
cat "$sizes"
