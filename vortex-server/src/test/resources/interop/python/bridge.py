"""Python's websockets client with its default options (permessage-deflate offered), bridged to the Java
test: every event is one JSON line on stdout, every line on stdin is sent as a text message."""
import asyncio
import json
import sys
import threading

import websockets


def out(event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


async def main(url):
    loop = asyncio.get_running_loop()
    lines = asyncio.Queue()

    def read_stdin():
        for line in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, line.rstrip("\n"))

    threading.Thread(target=read_stdin, daemon=True).start()
    async with websockets.connect(url, subprotocols=["vortex.v1"]) as socket:
        out({"event": "open", "extensions": socket.response_headers.get("Sec-WebSocket-Extensions", "")})

        async def send_lines():
            while True:
                await socket.send(await lines.get())

        sender = asyncio.create_task(send_lines())
        try:
            async for message in socket:
                out({"event": "message", "data": message})
        except websockets.ConnectionClosed:
            pass
        sender.cancel()
        out({"event": "close", "code": socket.close_code})


asyncio.run(main(sys.argv[1]))
