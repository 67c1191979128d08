"""docs/webchat.png: the web chat after an approved aanvraag (stortingsgegevens and QR code).

Drives the page like tests/browser does (same server, same answers, same chromium) and keeps
an image of the conversation's last part: the summary's verklaring, the approval with the
stortingsgegevens, their copy buttons and the QR code, and the next steps.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.driver import (  # noqa: E402 - after the path of the repository
    VERKLARING,
    aanvraag_until,
    chat_server,
    chromium,
    pick,
)


async def webchat(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with chat_server(Path(tmp) / "kmo.db") as server, chromium() as browser:
            context = await browser.new_context(
                locale="nl-BE", viewport={"width": 820, "height": 700}, device_scale_factor=1
            )
            page = await context.new_page()
            await page.goto(server.url)
            await aanvraag_until(page)
            approval = await pick(page, VERKLARING)
            await page.locator("figure.qr img").wait_for()
            # The header, then the approval: what an ondernemer sees after "Ja, ik verklaar".
            await page.evaluate(
                """() => {
                    const items = [...document.querySelectorAll('#gesprek li')];
                    items.slice(0, -2).forEach(li => li.remove());
                }"""
            )
            await approval.scroll_into_view_if_needed()
            await page.mouse.move(0, 0)  # no button shown as hovered
            await page.screenshot(path=str(out), full_page=True)
            await context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--map", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    args.map.mkdir(parents=True, exist_ok=True)
    out = args.map / "webchat.png"
    asyncio.run(webchat(out))
    sys.stdout.write(f"{out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
