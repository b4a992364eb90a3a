# Generated from resources/milo.qrc by scripts/build_resources.py — do not edit.
# Resource object code (Python 3)
# Created by: object code
# Created by: The Resource Compiler for Qt version 6.12.0
# WARNING! All changes made in this file will be lost!

from PySide6 import QtCore

qt_resource_data = b"\
\x00\x00\x01Y\
<\
svg xmlns=\x22http:\
//www.w3.org/200\
0/svg\x22 width=\x2225\
6\x22 height=\x22256\x22 \
viewBox=\x220 0 256\
 256\x22>\x0a  <rect x\
=\x228\x22 y=\x228\x22 width\
=\x22240\x22 height=\x222\
40\x22 rx=\x2248\x22 fill\
=\x22#1f3b63\x22/>\x0a  <\
circle cx=\x22128\x22 \
cy=\x2292\x22 r=\x2236\x22 f\
ill=\x22#e8833a\x22/>\x0a\
  <path d=\x22M60 2\
00c8-44 36-66 68\
-66s60 22 68 66z\
\x22 fill=\x22#ffffff\x22\
/>\x0a  <path d=\x22M1\
76 60l28-20v44z\x22\
 fill=\x22#ffffff\x22 \
opacity=\x220.85\x22/>\
\x0a</svg>\x0a\
"

qt_resource_name = b"\
\x00\x05\
\x00o\xa6S\
\x00i\
\x00c\x00o\x00n\x00s\
\x00\x08\
\x002TG\
\x00m\
\x00i\x00l\x00o\x00.\x00s\x00v\x00g\
"

qt_resource_struct = b"\
\x00\x00\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x01\
\x00\x00\x00\x00\x00\x00\x00\x00\
\x00\x00\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x02\
\x00\x00\x00\x00\x00\x00\x00\x00\
\x00\x00\x00\x10\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\
\x00\x00\x01\xa2\x10\x05\xfa\x87\
"

def qInitResources():
    QtCore.qRegisterResourceData(0x03, qt_resource_struct, qt_resource_name, qt_resource_data)

def qCleanupResources():
    QtCore.qUnregisterResourceData(0x03, qt_resource_struct, qt_resource_name, qt_resource_data)

qInitResources()
