"""Files: published estate pictures, file lists of estates, addresses and appointments,
download links, changing and removing files, and the two-step upload.

Every picture URL points at the sandbox itself (``images.py`` draws it), so the links in
an answer open in a browser.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from playground.onoffice.actions import Verb
from playground.sandbox.calls import Call, Handler, existing, id_list
from playground.sandbox.lookups import language
from playground.sandbox.outcome import Answer, ApiError, success
from playground.sandbox.paging import parse_paging
from playground.sandbox.seed import ID_KEY, Record
from playground.sandbox.store import Store
from playground.sandbox.values import coerce

# get file's sub-resources: resourceid -> (id parameter, module of the parent, file module)
_PARENTS = {"estate": ("estateid", "estate"), "address": ("addressid", "address"),
            "appointment": ("appointmentid", "calendar")}  # fmt: skip
MAX_FILES = 100
# The values the docs of get estatepictures list for categories and publicationSetting.
PICTURE_CATEGORIES = frozenset({"Titelbild", "Foto", "Foto_gross", "Grundriss", "Lageplan",
                                "Epass_Skala", "Panorama", "Link", "Film-Link", "Ogulo-Link",
                                "Objekt-Link", "Expose"})  # fmt: skip
PUBLICATION_SETTINGS = frozenset({"Homepage", "Word_kurz", "Word_lang", "PDF_kurz", "PDF_lang",
                                  "HTML_kurz", "HTML_lang", "Web_kurz", "Web_lang"})  # fmt: skip


def file_url(store: Store, record: Record, size: str | None = None) -> str:
    """Where the sandbox serves the file, with an ``@WxH`` suffix when a size is given."""
    url = f"{store.base_url}/files/{record[ID_KEY]}/{record['filename']}"
    return f"{url}@{size}" if size else url


def _mandatory(params: dict[str, Any], name: str) -> object:
    """A mandatory parameter's value, or 167."""
    value = params.get(name)
    if value in (None, "", []):
        raise ApiError(167, name)
    return value


def _files_of(store: Store, module: str, parent: int | None) -> list[Record]:
    """The files of one record (of every record when ``parent`` is None), by position."""
    found = [
        f for f in store.records("file") if f["module"] == module and parent in (None, f["parent"])
    ]
    return sorted(found, key=lambda f: int(f["position"]))


def _picture_categories(params: dict[str, Any]) -> list[object]:
    """The categories asked for, all of the documented kinds; the other parameters checked.

    ``language`` only changes titles of multilingual estates (the docs), which the sandbox
    has none of: the titles stay in the system language, but a bad language gets 160.
    A category or ``publicationSetting`` outside the docs' lists gets 255. Every published
    picture counts as released for every publication target.
    """
    categories = _mandatory(params, "categories")
    if not isinstance(categories, list) or not set(categories) <= PICTURE_CATEGORIES:
        raise ApiError(255, "categories")
    setting = params.get("publicationSetting")
    if setting not in (None, "") and setting not in PUBLICATION_SETTINGS:
        raise ApiError(255, "publicationSetting")
    language(params, "language")
    return categories


def estate_pictures(store: Store, call: Call) -> Answer:
    """get estatepictures: published pictures of the given categories, one record each."""
    params = call.parameters
    estate_ids = id_list(_mandatory(params, "estateids"), "estateids")
    categories = _picture_categories(params)
    size = params.get("size")
    suffix = size if isinstance(size, str) and "x" in size else None
    # The files of all the estates in one pass: a pass for each of 500 ids took 0.2 s.
    wanted = set(estate_ids)
    files: dict[int, list[Record]] = {}
    for f in _files_of(store, "estate", None):
        if f["parent"] in wanted:
            files.setdefault(int(f["parent"]), []).append(f)
    records = []
    for estate_id in estate_ids:
        for f in files.get(estate_id, []):
            if f["type"] in categories and f["published"]:
                elements = {"estateid": str(estate_id), "type": f["type"],
                            "url": file_url(store, f, suffix), "title": f["title"],
                            "text": f["freetext"], "originalname": f["originalname"],
                            "modified": f["modified"], "estateMainId": str(estate_id)}  # fmt: skip
                records.append({"id": f[ID_KEY], "type": "files", "elements": elements})
    return Answer(records, len(records))


def _file_elements(store: Store, f: Record) -> dict[str, Any]:
    """One entry of get file, in the docs' estate and address examples' shape."""
    return {"type": f["type"], "position": f["position"], "documentAttribute": None,
            "name": f["title"], "originalname": f["originalname"], "filename": f["filename"],
            "fileSize": f["fileSize"], "title": f["title"], "freetext": f["freetext"],
            "modified": f["modified"], "url": file_url(store, f)}  # fmt: skip


def get_file(store: Store, call: Call) -> Answer:
    """get file for an estate, address or appointment; fileid picks one."""
    parent = _PARENTS.get(str(call.resourceid))
    if parent is None:
        raise ApiError(24, str(call.resourceid))
    parameter, module = parent
    owner = int(existing(store, module, _mandatory(call.parameters, parameter))[ID_KEY])
    files = _files_of(store, module, owner)
    if call.parameters.get("fileid") not in (None, ""):
        files = [f for f in files if str(f[ID_KEY]) == str(call.parameters["fileid"])]
    limit, offset = parse_paging(
        call.parameters.get("listlimit"), call.parameters.get("listoffset")
    )
    page = files[offset : offset + min(limit, MAX_FILES)]
    records = [
        {"id": f[ID_KEY], "type": "file", "elements": _file_elements(store, f)} for f in page
    ]
    return Answer(records, len(files))


def download_files(store: Store, call: Call) -> Answer:
    """get downloadFiles: download links for every file of an address."""
    language(call.parameters, "language")  # the download page's language; 160 if bad
    address = int(existing(store, "address", _mandatory(call.parameters, "addressid"))[ID_KEY])
    urls = [file_url(store, f) for f in _files_of(store, "address", address)]
    return Answer([{"id": "downloadUrl", "type": "file", "elements": urls}], len(urls))


def _owned_file(store: Store, params: dict[str, Any]) -> Record:
    """The file named by fileId that belongs to relationtype/parentid; 80 otherwise."""
    module = _mandatory(params, "relationtype")
    parent = _mandatory(params, "parentid")
    record = existing(store, "file", _mandatory(params, "fileId"))
    if record["module"] != module or str(record["parent"]) != str(parent):
        raise ApiError(80)
    return record


def modify_file(store: Store, call: Call) -> Answer:
    """modify fileRelation: kind, title, free text or position of an attached file."""
    record = _owned_file(store, call.parameters)
    names = {"Art": "type", "title": "title", "freetext": "freetext", "position": "position"}
    raw = {names[k]: v for k, v in call.parameters.items() if k in names}
    store.modify("file", int(record[ID_KEY]), coerce("file", raw, unknown_code=75))
    return success("file")


def delete_file(store: Store, call: Call) -> Answer:
    """delete fileRelation: remove the file from its record."""
    store.delete("file", int(_owned_file(store, call.parameters)[ID_KEY]))
    return success("file")


def upload(store: Store, call: Call) -> Answer:
    """do uploadfile: collect base64 blocks under a tmpUploadId, then attach the file.

    Only the blocks' sizes are kept (uploads.py), as nothing reads a file's bytes back.
    """
    params = call.parameters
    if params.get("data") not in (None, ""):
        try:
            size = len(base64.b64decode(str(params["data"]), validate=True))
        except (binascii.Error, ValueError):
            raise ApiError(255, "data") from None
        tmp = str(params.get("tmpUploadId") or f"sandbox-upload-{store.next_number():06d}")
        return success(filesize=store.uploads.add(tmp, size), tmpUploadId=tmp)
    tmp = str(_mandatory(params, "tmpUploadId"))
    received = store.uploads.received(tmp)
    if received is None:
        raise ApiError(255, "tmpUploadId")  # unknown, expired or already used (single-use)
    module = str(_mandatory(params, "module"))
    if module == "tmpUpload":
        store.uploads.finish(tmp)
        return success(filesize=received, tmpUploadId=tmp, success="success")
    file_id = _attach(store, module, params, received)
    # Used up only once attached: a refused attach (a full sandbox) can be tried again.
    store.uploads.finish(tmp)
    return success(filesize=received, tmpUploadId=tmp, fileId=str(file_id), success="success")


def _attach(store: Store, module: str, params: dict[str, Any], size: int) -> int:
    """Create the file record of a finished upload on an estate, address, agents log entry
    or task (the docs' modules); its size is the bytes of its blocks, so get file reads
    back what was uploaded."""
    if module not in ("estate", "address", "agentslog", "task"):
        raise ApiError(255, "module")
    parent = int(existing(store, module, _mandatory(params, "relatedRecordId"))[ID_KEY])
    name = str(params.get("file") or "upload.png")
    values = coerce(
        "file",
        {
            "type": params.get("Art") or "Dokument",
            "title": params.get("title") or name,
            "freetext": params.get("freetext") or "",
        },
        unknown_code=75,
    )
    position = len(_files_of(store, module, parent)) + 1
    # One create, so that a refusal leaves no half-made file behind.
    file_id = store.next_id("file")
    return store.create(
        "file",
        {**values, "module": module, "parent": parent, "originalname": name,
         "position": position, "filename": f"{module}_{parent}_u{file_id}.png",
         "fileSize": size},
    )  # fmt: skip


HANDLERS: dict[tuple[Verb, str], Handler] = {
    (Verb.GET, "estatepictures"): estate_pictures,
    (Verb.GET, "file"): get_file,
    (Verb.GET, "downloadFiles"): download_files,
    (Verb.MODIFY, "fileRelation"): modify_file,
    (Verb.DELETE, "fileRelation"): delete_file,
    (Verb.DO, "uploadfile"): upload,
}
