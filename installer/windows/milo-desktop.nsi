; Windows installer of MILO Desktop, built from the PyInstaller one-folder bundle.
; Per-user install (no administrator rights), French, Start menu and desktop shortcuts; the
; uninstaller removes the program only: the data folder (%LOCALAPPDATA%\milo-desktop: the store,
; its backups) stays.
;
; On Windows (README, « Installateur Windows ») :
;   makensis /DVERSION=0.1.0 /DBUNDLE=dist\milo-desktop installer\windows\milo-desktop.nsi
; gives dist\milo-desktop-0.1.0-installation.exe. makensis also runs on Linux (Debian: nsis):
;   makensis -DVERSION=0.1.0 -DBUNDLE=dist/milo-desktop installer/windows/milo-desktop.nsi
; (the test suite compiles it that way against the Linux bundle, to prove the script).

Unicode true
!include "MUI2.nsh"
!include "FileFunc.nsh"

!ifndef VERSION
  !error "Indiquez la version : makensis /DVERSION=x.y.z …"
!endif
!ifndef BUNDLE
  !define BUNDLE "..\..\dist\milo-desktop"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\milo-desktop-${VERSION}-installation.exe"
!endif
!ifndef COMPRESSOR
  !define COMPRESSOR "lzma"
!endif

!define APP "MILO Desktop"
!define EXE "milo-desktop.exe"
!define UNINSTALLER "desinstaller.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\milo-desktop"

Name "${APP}"
OutFile "${OUTFILE}"
SetCompressor /SOLID ${COMPRESSOR}
RequestExecutionLevel user
; %LOCALAPPDATA%\Programs is where per-user programs go; the data folder is %LOCALAPPDATA%\milo-desktop.
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "Software\${APP}" "InstallDir"
BrandingText "${APP} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1036 "ProductName" "${APP}"
VIAddVersionKey /LANG=1036 "FileDescription" "Installation de ${APP}"
VIAddVersionKey /LANG=1036 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1036 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1036 "LegalCopyright" "EUPL-1.2"

!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "Cet assistant installe ${APP} ${VERSION} pour votre compte Windows, \
sans droits d'administrateur.$\r$\n$\r$\nSi une version précédente est installée, elle est remplacée ; \
vos données (la base et ses sauvegardes) sont conservées et mises à jour au premier démarrage.$\r$\n$\r$\n\
Fermez ${APP} s'il est ouvert, puis cliquez sur Suivant."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Lancer ${APP}"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "${APP} va être retiré de ce poste. Vos données (dossier \
$LOCALAPPDATA\milo-desktop : la base et ses sauvegardes) sont conservées ; supprimez ce dossier \
vous-même si vous n'en avez plus besoin."

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "French"

Section "${APP}" SecApp
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An older version's libraries are ours to replace: remove them so none is left behind.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}\*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"
  WriteRegStr HKCU "Software\${APP}" "InstallDir" "$INSTDIR"

  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortCut "$DESKTOP\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  ; « Applications installées » of Windows' settings (per user: HKCU).
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Équipe MILO Desktop"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$DESKTOP\${APP}.lnk"
  ; Only what the installer put there: the program, never the data folder (%LOCALAPPDATA%\milo-desktop)
  ; nor anything else the chosen folder may hold.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${APP}"
SectionEnd
