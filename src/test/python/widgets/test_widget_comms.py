"""Jupyter widgets over comms against the real jtrack kernel, driven by jupyter_client (the client
library JupyterLab's server and nbclient use): widget models opened by Java code, state
synchronised both ways (update, echo_update, request_state, binary buffers), the control comm a
reloaded page uses, callbacks run like cells (output with the comm message as parent, exceptions
shown, interrupts stopping them), comm_info filtered by target, every comm closed on restart."""
import sys
import time
from pathlib import Path
from queue import Empty

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from jupyter_env import JupyterEnv  # noqa: E402

TIMEOUT = 180
pytestmark = pytest.mark.timeout(600)
VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    root = tmp_path_factory.mktemp("widgets")
    env = JupyterEnv(root, tracking_uri=f"sqlite:///{root}/store.db")
    km = KernelManager(kernel_name="jtrack",
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(env.kernelspec.parent)]))
    log = open(root / "kernel.log", "w")
    km.start_kernel(env=env.environ(), cwd=str(root), stdout=log, stderr=log)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        yield Kernel(km, kc)
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)
        log.close()


class Kernel:
    def __init__(self, km, kc):
        self.km = km
        self.kc = kc
        self.comms = {}  # comm_id -> model name, of every comm_open seen

    def iopub_for(self, msg_id, timeout=TIMEOUT):
        """IOPub messages whose parent is msg_id, up to its idle status; remembers every comm_open."""
        deadline = time.time() + timeout
        out = []
        while time.time() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.01, deadline - time.time()))
            except Empty:
                break
            if msg["msg_type"] == "comm_open":
                self.comms[msg["content"]["comm_id"]] = msg
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            out.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return out
        raise AssertionError(f"no idle for {msg_id}: {[m['msg_type'] for m in out]}")

    def execute(self, code):
        msg_id = self.kc.execute(code)
        messages = self.iopub_for(msg_id)
        errors = [m for m in messages if m["msg_type"] == "error"]
        assert not errors, errors[0]["content"]
        return messages

    def value(self, code):
        for m in self.execute(code):
            if m["msg_type"] == "execute_result":
                return m["content"]["data"]
        raise AssertionError("no result for " + code)

    def shell(self, msg_type, content, metadata=None, buffers=None):
        msg = self.kc.session.msg(msg_type, content, metadata=metadata or {})
        self.kc.session.send(self.kc.shell_channel.socket, msg, buffers=buffers or [])
        return msg["header"]["msg_id"]

    def shell_reply(self, msg_id):
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            msg = self.kc.get_shell_msg(timeout=max(0.01, deadline - time.time()))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        raise AssertionError("no reply to " + msg_id)

    def widget_message(self, comm_id, data, buffers=None):
        msg_id = self.shell("comm_msg", {"comm_id": comm_id, "data": data}, buffers=buffers)
        return self.iopub_for(msg_id), msg_id


def comm_msgs(messages, comm_id=None):
    return [m for m in messages if m["msg_type"] == "comm_msg"
            and (comm_id is None or m["content"]["comm_id"] == comm_id)]


def test_slider_state_syncs_both_ways_and_listener_output_goes_to_the_comm_message(kernel):
    messages = kernel.execute('var s = new IntSlider(3, 0, 10);\n'
                              's.onValue(v -> System.out.println("value " + v));\n'
                              's.description("n");\n'
                              'display(s);')
    shown = [m for m in messages if m["msg_type"] == "display_data"][0]["content"]["data"]
    model_id = shown[VIEW]["model_id"]
    assert shown[VIEW]["version_major"] == 2
    assert "IntSlider(value=3" in shown["text/plain"] and "ipywidgets >= 8" in shown["text/plain"]
    opens = [m for m in messages if m["msg_type"] == "comm_open"]
    assert [m["content"]["data"]["state"]["_model_name"] for m in opens] == \
        ["LayoutModel", "SliderStyleModel", "IntSliderModel"]
    slider_open = opens[-1]
    assert slider_open["content"]["comm_id"] == model_id
    assert slider_open["content"]["target_name"] == "jupyter.widget"
    assert slider_open["metadata"]["version"] == "2.1.0"
    assert slider_open["content"]["data"]["state"]["value"] == 3

    info = kernel.shell("comm_info_request", {"target_name": "jupyter.widget"})
    comms = kernel.shell_reply(info)["content"]["comms"]
    assert comms[model_id] == {"target_name": "jupyter.widget"}
    other = kernel.shell("comm_info_request", {"target_name": "something.else"})
    assert kernel.shell_reply(other)["content"]["comms"] == {}

    replies, msg_id = kernel.widget_message(model_id, {"method": "update", "state": {"value": 8}, "buffer_paths": []})
    echo = comm_msgs(replies, model_id)[0]["content"]["data"]
    assert echo["method"] == "echo_update" and echo["state"] == {"value": 8}
    text = "".join(m["content"]["text"] for m in replies if m["msg_type"] == "stream")
    assert text == "value 8\n"
    assert kernel.value("s.value()")["text/plain"] == "8"

    kernel.execute("s.value(4);")
    replies, _ = kernel.widget_message(model_id, {"method": "request_state"})
    full = comm_msgs(replies, model_id)[0]["content"]["data"]
    assert full["method"] == "update" and full["state"]["value"] == 4 and full["state"]["description"] == "n"


def test_callback_exceptions_are_shown_and_interrupts_stop_callbacks(kernel):
    messages = kernel.execute('var b = new Button("go");\n'
                              'b.onClick(() -> { throw new IllegalStateException("clicked badly"); });\n'
                              'var spin = new Button("spin");\n'
                              'spin.onClick(() -> { while (true) { } });\n'
                              'display(b); display(spin);')
    shown = [m["content"]["data"][VIEW]["model_id"] for m in messages if m["msg_type"] == "display_data"]
    replies, msg_id = kernel.widget_message(shown[0], {"method": "custom", "content": {"event": "click"}})
    errors = [m for m in replies if m["msg_type"] == "error"]
    assert errors and errors[0]["content"]["ename"] == "java.lang.IllegalStateException", replies
    assert errors[0]["content"]["evalue"] == "clicked badly"

    click = kernel.shell("comm_msg", {"comm_id": shown[1], "data": {"method": "custom", "content": {"event": "click"}}})
    time.sleep(1.0)
    kernel.kc.control_channel.send(kernel.kc.session.msg("interrupt_request", {}))
    stopped = kernel.iopub_for(click, timeout=60)
    assert any(m["msg_type"] == "error" and "Interrupt" in m["content"]["ename"] for m in stopped), stopped
    assert kernel.value("1 + 1")["text/plain"] == "2"


def test_interact_reruns_into_an_output_widget(kernel):
    messages = kernel.execute('var k = new IntSlider(2, 0, 10);\n'
                              'display(interact(java.time.Duration.ZERO, () -> System.out.println("square " + k.value() * k.value()), k));')
    model_ids = {m["content"]["comm_id"]: m["content"]["data"]["state"] for m in messages if m["msg_type"] == "comm_open"}
    output_id = next(i for i, s in model_ids.items() if s["_model_name"] == "OutputModel")
    slider_id = next(i for i, s in model_ids.items() if s["_model_name"] == "IntSliderModel")
    assert model_ids[output_id]["outputs"] == [{"output_type": "stream", "name": "stdout", "text": "square 4\n"}]
    replies, _ = kernel.widget_message(slider_id, {"method": "update", "state": {"value": 9}, "buffer_paths": []})
    outputs = [m["content"]["data"]["state"]["outputs"] for m in comm_msgs(replies, output_id)
               if "outputs" in m["content"]["data"]["state"]]
    assert outputs[-1] == [{"output_type": "stream", "name": "stdout", "text": "square 81\n"}], outputs


def test_binary_buffers_and_the_control_comm_of_a_reloaded_page(kernel):
    messages = kernel.execute('var img = new Image(new byte[] {1, 2, 3}, "png");\ndisplay(img);')
    image_open = [m for m in messages if m["msg_type"] == "comm_open"][-1]
    assert image_open["content"]["data"]["buffer_paths"] == [["value"]]
    assert bytes(image_open["buffers"][0]) == b"\x01\x02\x03"
    image_id = image_open["content"]["comm_id"]
    replies, _ = kernel.widget_message(image_id, {"method": "update", "state": {}, "buffer_paths": [["value"]]},
                                       buffers=[b"\x09\x08"])
    assert kernel.value("java.util.Arrays.toString(img.value())")["text/plain"] == "[9, 8]"

    open_id = kernel.shell("comm_open", {"comm_id": "control-1", "target_name": "jupyter.widget.control", "data": {}},
                           metadata={"version": "1.0.0"})
    kernel.iopub_for(open_id)
    replies, _ = kernel.widget_message("control-1", {"method": "request_states"})
    states = comm_msgs(replies, "control-1")[0]
    data = states["content"]["data"]
    assert data["method"] == "update_states"
    assert data["states"][image_id]["model_name"] == "ImageModel"
    sliders = [s for s in data["states"].values() if s["model_name"] == "IntSliderModel"]
    assert {s["state"]["value"] for s in sliders} >= {4}
    assert [image_id, "state", "value"] in data["buffer_paths"]
    assert len(states["buffers"]) == len(data["buffer_paths"])


def test_restart_ends_every_widget_comm(kernel):
    info = kernel.shell("comm_info_request", {})
    old_comms = set(kernel.shell_reply(info)["content"]["comms"])
    assert len(old_comms) >= 5
    kernel.km.restart_kernel(now=False)
    kernel.kc.wait_for_ready(timeout=TIMEOUT)
    info = kernel.shell("comm_info_request", {})
    assert kernel.shell_reply(info)["content"]["comms"] == {}
    # a message for a widget of the old kernel is dropped quietly, the new kernel works
    replies, _ = kernel.widget_message(next(iter(old_comms)), {"method": "request_state"})
    assert [m["msg_type"] for m in replies if m["msg_type"] not in ("status",)] == []
    assert kernel.value("1 + 2")["text/plain"] == "3"
