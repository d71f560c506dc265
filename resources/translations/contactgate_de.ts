<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About ContactGate</source>
        <translation>Über ContactGate</translation>
    </message>
    <message>
        <source>ContactGate %1</source>
        <translation>ContactGate %1</translation>
    </message>
    <message>
        <source>Only business contacts with a valid consent reach WhatsApp Business; private contacts stay on your side of the phone.</source>
        <translation>Nur geschäftliche Kontakte mit gültiger Einwilligung gelangen zu WhatsApp Business; private Kontakte bleiben auf Ihrer Seite des Telefons.</translation>
    </message>
    <message>
        <source>Licence: GPL-3.0-or-later. This program comes with absolutely no warranty; you may redistribute it under the terms of the GNU General Public License, version 3 or later.</source>
        <translation>Lizenz: GPL-3.0-or-later. Dieses Programm kommt ohne jegliche Gewährleistung; Sie dürfen es unter den Bedingungen der GNU General Public License, Version 3 oder später, weitergeben.</translation>
    </message>
</context>
<context>
    <name>ConsentController</name>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Granted</source>
        <translation>Erteilt</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Nachweis</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>No database is open, so a consent cannot be kept. Choose a database location in Settings.</source>
        <translation>Es ist keine Datenbank geöffnet, daher kann keine Einwilligung gespeichert werden. Wählen Sie in den Einstellungen einen Speicherort für die Datenbank.</translation>
    </message>
    <message>
        <source>The number cannot be used: %1. Enter it as on the phone, e.g. +49 171 2345678.</source>
        <translation>Die Nummer ist nicht verwendbar: %1. Geben Sie sie wie im Telefon ein, z. B. +49 171 2345678.</translation>
    </message>
    <message>
        <source>A consent must be demonstrable: say how it was given (method) and where the proof is kept (evidence).</source>
        <translation>Eine Einwilligung muss nachweisbar sein: Geben Sie an, wie sie erteilt wurde (Methode) und wo der Beleg liegt (Nachweis).</translation>
    </message>
    <message>
        <source>The evidence file %1 does not exist. Choose the file again.</source>
        <translation>Die Nachweisdatei %1 existiert nicht. Wählen Sie die Datei erneut.</translation>
    </message>
    <message>
        <source>The consent date lies in the future. Enter the day the person agreed.</source>
        <translation>Das Datum der Einwilligung liegt in der Zukunft. Geben Sie den Tag ein, an dem die Person zugestimmt hat.</translation>
    </message>
    <message>
        <source>Consent recorded for %1.</source>
        <translation>Einwilligung für %1 erfasst.</translation>
    </message>
    <message>
        <source>Select the consent to withdraw in the list of consents.</source>
        <translation>Wählen Sie die zu widerrufende Einwilligung in der Liste der Einwilligungen.</translation>
    </message>
    <message>
        <source>This consent is withdrawn already. A new consent from the person is recorded above.</source>
        <translation>Diese Einwilligung ist bereits widerrufen. Eine neue Einwilligung der Person erfassen Sie oben.</translation>
    </message>
    <message>
        <source>The withdrawal date lies in the future. Enter when the person withdrew the consent.</source>
        <translation>Das Widerrufsdatum liegt in der Zukunft. Geben Sie ein, wann die Person die Einwilligung widerrufen hat.</translation>
    </message>
    <message>
        <source>The withdrawal date lies before the consent was given. Enter when the person withdrew the consent.</source>
        <translation>Das Widerrufsdatum liegt vor der Erteilung der Einwilligung. Geben Sie ein, wann die Person die Einwilligung widerrufen hat.</translation>
    </message>
    <message>
        <source>Withdraw the consent of %1? The number will not be exported again until a new consent is recorded.</source>
        <translation>Einwilligung von %1 widerrufen? Die Nummer wird erst wieder exportiert, wenn eine neue Einwilligung erfasst ist.</translation>
    </message>
    <message>
        <source>Withdraw consent</source>
        <translation>Einwilligung widerrufen</translation>
    </message>
    <message>
        <source>recorded in ContactGate</source>
        <translation>in ContactGate erfasst</translation>
    </message>
    <message>
        <source>Consent of %1 withdrawn.</source>
        <translation>Einwilligung von %1 widerrufen.</translation>
    </message>
    <message>
        <source>Evidence of the consent</source>
        <translation>Nachweis der Einwilligung</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>No database is open. Choose a database location in Settings.</source>
        <translation>Es ist keine Datenbank geöffnet. Wählen Sie in den Einstellungen einen Speicherort für die Datenbank.</translation>
    </message>
    <message>
        <source>Import consent register</source>
        <translation>Einwilligungsregister importieren</translation>
    </message>
    <message>
        <source>Consent register (*.csv *.txt);;All files (*)</source>
        <translation>Einwilligungsregister (*.csv *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Importing consents</source>
        <translation>Einwilligungen werden importiert</translation>
    </message>
    <message>
        <source>Consent import failed</source>
        <translation>Import der Einwilligungen fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 consent rows read from %2.</source>
        <translation>%1 Einwilligungszeilen aus %2 gelesen.</translation>
    </message>
    <message>
        <source>… and %1 more.</source>
        <translation>… und %1 weitere.</translation>
    </message>
    <message>
        <source>Rows that could not be read grant nothing (%1). Correct them in the register and import it again:</source>
        <translation>Zeilen, die nicht gelesen werden konnten, gewähren nichts (%1). Korrigieren Sie sie im Register und importieren Sie es erneut:</translation>
    </message>
    <message>
        <source>Some consent rows were rejected</source>
        <translation>Einige Einwilligungszeilen wurden abgelehnt</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Einwilligung</translation>
    </message>
</context>
<context>
    <name>ConsentPanel</name>
    <message>
        <source>Record a consent</source>
        <translation>Einwilligung erfassen</translation>
    </message>
    <message>
        <source>&amp;Number:</source>
        <translation>&amp;Nummer:</translation>
    </message>
    <message>
        <source>&amp;Granted on:</source>
        <translation>&amp;Erteilt am:</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <source>E&amp;vidence:</source>
        <translation>Nach&amp;weis:</translation>
    </message>
    <message>
        <source>Evidence &amp;file:</source>
        <translation>Nachweis&amp;datei:</translation>
    </message>
    <message>
        <source>written form</source>
        <translation>schriftlich</translation>
    </message>
    <message>
        <source>double opt-in (web form)</source>
        <translation>Double-Opt-in (Webformular)</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>verbal, documented</source>
        <translation>mündlich, dokumentiert</translation>
    </message>
    <message>
        <source>opt-in by message</source>
        <translation>Opt-in per Nachricht</translation>
    </message>
    <message>
        <source>Where the signed form or e-mail is kept</source>
        <translation>Wo das unterschriebene Formular oder die E-Mail liegt</translation>
    </message>
    <message>
        <source>Optional: scan or e-mail of the consent</source>
        <translation>Optional: Scan oder E-Mail der Einwilligung</translation>
    </message>
    <message>
        <source>Choose the evidence file</source>
        <translation>Nachweisdatei wählen</translation>
    </message>
    <message>
        <source>&amp;Add consent</source>
        <translation>Einwilligung &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Withdraw selected consent</source>
        <translation>Ausgewählte Einwilligung &amp;widerrufen</translation>
    </message>
    <message>
        <source>When the person withdrew the consent</source>
        <translation>Wann die Person die Einwilligung widerrufen hat</translation>
    </message>
    <message>
        <source>Import consent &amp;register (CSV)…</source>
        <translation>Einwilligungs&amp;register importieren (CSV)…</translation>
    </message>
    <message>
        <source>Consents on record for %1</source>
        <translation>Erfasste Einwilligungen für %1</translation>
    </message>
    <message>
        <source>All consents on record</source>
        <translation>Alle erfassten Einwilligungen</translation>
    </message>
</context>
<context>
    <name>ContactTableModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>Nummern</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Einwilligung</translation>
    </message>
</context>
<context>
    <name>Context</name>
    <message>
        <source>Unknown region %1: choose a country in Settings.</source>
        <translation>Unbekannte Region %1: Wählen Sie in den Einstellungen ein Land.</translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message>
        <source>file is empty</source>
        <translation>Datei ist leer</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>Datei nicht gefunden</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>Zugriff verweigert</translation>
    </message>
    <message>
        <source>is a folder, not a file</source>
        <translation>ist ein Ordner, keine Datei</translation>
    </message>
    <message>
        <source>no vCard found (is this an address-book export?)</source>
        <translation>keine vCard gefunden (ist das ein Adressbuch-Export?)</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>leere Datei</translation>
    </message>
    <message>
        <source>too large for a contacts CSV</source>
        <translation>zu groß für eine Kontakte-CSV</translation>
    </message>
    <message>
        <source>not a contacts CSV: the file holds binary data</source>
        <translation>keine Kontakte-CSV: die Datei enthält Binärdaten</translation>
    </message>
    <message>
        <source>not a contacts CSV: no name, phone or e-mail column</source>
        <translation>keine Kontakte-CSV: keine Spalte für Name, Telefon oder E-Mail</translation>
    </message>
    <message>
        <source>not a contacts CSV: its first line names no columns (JSON, a log?)</source>
        <translation>keine Kontakte-CSV: die erste Zeile benennt keine Spalten (JSON, ein Protokoll?)</translation>
    </message>
    <message>
        <source>changed while it was being read; run again</source>
        <translation>wurde während des Lesens geändert; bitte erneut ausführen</translation>
    </message>
    <message>
        <source>a photo set aside was changed meanwhile; run again</source>
        <translation>ein zwischengespeichertes Foto wurde inzwischen geändert; bitte erneut ausführen</translation>
    </message>
    <message>
        <source>missing END:VCARD</source>
        <translation>END:VCARD fehlt</translation>
    </message>
    <message>
        <source>missing BEGIN:VCARD</source>
        <translation>BEGIN:VCARD fehlt</translation>
    </message>
    <message>
        <source>is a file, not a folder</source>
        <translation>ist eine Datei, kein Ordner</translation>
    </message>
    <message>
        <source>is a broken link, not a folder</source>
        <translation>ist eine defekte Verknüpfung, kein Ordner</translation>
    </message>
    <message>
        <source>Qt produced no PDF</source>
        <translation>Qt hat kein PDF erzeugt</translation>
    </message>
    <message>
        <source>is a folder, not a database file</source>
        <translation>ist ein Ordner, keine Datenbankdatei</translation>
    </message>
    <message>
        <source>not a ContactGate database (not SQLite); restore a backup</source>
        <translation>keine ContactGate-Datenbank (kein SQLite); stellen Sie eine Sicherung wieder her</translation>
    </message>
    <message>
        <source>the key file is unreadable or damaged</source>
        <translation>die Schlüsseldatei ist unlesbar oder beschädigt</translation>
    </message>
    <message>
        <source>the key file is damaged (wrong length)</source>
        <translation>die Schlüsseldatei ist beschädigt (falsche Länge)</translation>
    </message>
    <message>
        <source>the key is missing but the database remembers decisions by it; restore the key saved with the database</source>
        <translation>der Schlüssel fehlt, aber die Datenbank merkt sich Entscheidungen mit ihm; stellen Sie den mit der Datenbank gesicherten Schlüssel wieder her</translation>
    </message>
    <message>
        <source>the database is busy (another ContactGate is using it); try again</source>
        <translation>die Datenbank ist belegt (ein anderes ContactGate nutzt sie); versuchen Sie es erneut</translation>
    </message>
    <message>
        <source>empty file, not a consent CSV</source>
        <translation>leere Datei, keine Einwilligungs-CSV</translation>
    </message>
    <message>
        <source>is a folder, not a consent CSV</source>
        <translation>ist ein Ordner, keine Einwilligungs-CSV</translation>
    </message>
    <message>
        <source>too large for a consent CSV</source>
        <translation>zu groß für eine Einwilligungs-CSV</translation>
    </message>
    <message>
        <source>damaged UTF-16 text</source>
        <translation>beschädigter UTF-16-Text</translation>
    </message>
    <message>
        <source>neither UTF-8 nor Windows-1252 text</source>
        <translation>weder UTF-8- noch Windows-1252-Text</translation>
    </message>
    <message>
        <source>not a consent CSV: no phone column (phone / Telefon / Nummer)</source>
        <translation>keine Einwilligungs-CSV: keine Telefonspalte (phone / Telefon / Nummer)</translation>
    </message>
    <message>
        <source>row too long to be a consent record; not read</source>
        <translation>Zeile zu lang für einen Einwilligungseintrag; nicht gelesen</translation>
    </message>
    <message>
        <source>empty date</source>
        <translation>leeres Datum</translation>
    </message>
    <message>
        <source>contains a NUL character</source>
        <translation>enthält ein NUL-Zeichen</translation>
    </message>
    <message>
        <source>withdrawn_at lies before granted_at</source>
        <translation>withdrawn_at liegt vor granted_at</translation>
    </message>
    <message>
        <source>expires_at lies before granted_at</source>
        <translation>expires_at liegt vor granted_at</translation>
    </message>
    <message>
        <source>cannot read (%1)</source>
        <translation>kann nicht gelesen werden (%1)</translation>
    </message>
    <message>
        <source>cannot read: %1</source>
        <translation>kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>cannot write (%1); the export is recorded, but these files are still named .part: %2. Rename them (close a program that holds the file open), or run the export again</source>
        <translation>kann nicht geschrieben werden (%1); der Export ist erfasst, aber diese Dateien heißen noch .part: %2. Benennen Sie sie um (schließen Sie ein Programm, das die Datei offen hält), oder exportieren Sie erneut</translation>
    </message>
    <message>
        <source>cannot write (%1)</source>
        <translation>kann nicht geschrieben werden (%1)</translation>
    </message>
    <message>
        <source>cannot read the database (%1)</source>
        <translation>Datenbank kann nicht gelesen werden (%1)</translation>
    </message>
    <message>
        <source>cannot create the database (%1)</source>
        <translation>Datenbank kann nicht angelegt werden (%1)</translation>
    </message>
    <message>
        <source>cannot write the key (%1)</source>
        <translation>Schlüssel kann nicht geschrieben werden (%1)</translation>
    </message>
    <message>
        <source>cannot write the database (%1); free some space and try again</source>
        <translation>Datenbank kann nicht geschrieben werden (%1); schaffen Sie Platz und versuchen Sie es erneut</translation>
    </message>
    <message>
        <source>not a ContactGate database or damaged (%1); restore a backup</source>
        <translation>keine ContactGate-Datenbank oder beschädigt (%1); stellen Sie eine Sicherung wieder her</translation>
    </message>
    <message>
        <source>cannot create the folder (%1)</source>
        <translation>Ordner kann nicht angelegt werden (%1)</translation>
    </message>
    <message>
        <source>cannot read the evidence file (%1)</source>
        <translation>Nachweisdatei kann nicht gelesen werden (%1)</translation>
    </message>
    <message>
        <source>a photo set aside cannot be read back (%1)</source>
        <translation>ein zwischengespeichertes Foto kann nicht zurückgelesen werden (%1)</translation>
    </message>
    <message>
        <source>card larger than %1</source>
        <translation>Karte größer als %1</translation>
    </message>
    <message>
        <source>row longer than %1 MB</source>
        <translation>Zeile länger als %1 MB</translation>
    </message>
    <message>
        <source>line %1: not readable as CSV (%2)</source>
        <translation>Zeile %1: nicht als CSV lesbar (%2)</translation>
    </message>
    <message>
        <source>consent CSV without column(s): %1</source>
        <translation>Einwilligungs-CSV ohne Spalte(n): %1</translation>
    </message>
    <message>
        <source>not a phone number for region %1: %2</source>
        <translation>keine Telefonnummer für die Region %1: %2</translation>
    </message>
    <message>
        <source>not an ISO 8601 date: %1</source>
        <translation>kein Datum nach ISO 8601: %1</translation>
    </message>
    <message>
        <source>not a date: %1</source>
        <translation>kein Datum: %1</translation>
    </message>
    <message>
        <source>not a year from %1 to %2: %3</source>
        <translation>kein Jahr von %1 bis %2: %3</translation>
    </message>
    <message>
        <source>%1 is empty</source>
        <translation>%1 ist leer</translation>
    </message>
</context>
<context>
    <name>Detail</name>
    <message>
        <source>Bucket</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Einwilligung</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <source>Given name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Funktion</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Etiketten</translation>
    </message>
    <message>
        <source>Address types</source>
        <translation>Adressarten</translation>
    </message>
    <message>
        <source>Shown as company</source>
        <translation>Als Firma angezeigt</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>UID</source>
        <translation>UID</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>Nummern</translation>
    </message>
    <message>
        <source>As written</source>
        <translation>Wie eingetragen</translation>
    </message>
    <message>
        <source>International</source>
        <translation>International</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etikett</translation>
    </message>
    <message>
        <source>No phone number.</source>
        <translation>Keine Telefonnummer.</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Why this bucket</source>
        <translation>Warum diese Kategorie</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <source>Source cards</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>File and line</source>
        <translation>Datei und Zeile</translation>
    </message>
    <message>
        <source>vCard version</source>
        <translation>vCard-Version</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Phone label</source>
        <translation>Telefon-Bezeichnung</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>Zuerst gesehen</translation>
    </message>
    <message>
        <source>Last exported</source>
        <translation>Zuletzt exportiert</translation>
    </message>
    <message>
        <source>Kept in the database from an earlier export. Import the phone&apos;s address book again to review its private and unsure contacts and to export.</source>
        <translation>Aus einem früheren Export in der Datenbank gespeichert. Importieren Sie das Adressbuch des Telefons erneut, um private und unklare Kontakte zu prüfen und zu exportieren.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Unreadable card</source>
        <translation>Unlesbare Karte</translation>
    </message>
    <message>
        <source>This card could not be read. It is copied unchanged to quarantine.txt with every export, so nothing is lost.</source>
        <translation>Diese Karte konnte nicht gelesen werden. Sie wird bei jedem Export unverändert nach quarantine.txt kopiert, damit nichts verloren geht.</translation>
    </message>
    <message>
        <source>(your decision)</source>
        <translation>(Ihre Entscheidung)</translation>
    </message>
    <message>
        <source>Exported to %1 with its consented numbers only.</source>
        <translation>Wird nach %1 exportiert, nur mit den Nummern, für die eine Einwilligung vorliegt.</translation>
    </message>
    <message>
        <source>Kept back in %1 until a valid consent is recorded.</source>
        <translation>Bleibt in %1 zurück, bis eine gültige Einwilligung erfasst ist.</translation>
    </message>
    <message>
        <source>Written to %1 only; never exported.</source>
        <translation>Wird nur in %1 geschrieben, nie exportiert.</translation>
    </message>
    <message>
        <source>Written to %1: mark it business or private.</source>
        <translation>Wird in %1 geschrieben: Markieren Sie den Kontakt als geschäftlich oder privat.</translation>
    </message>
    <message>
        <source>(too large to show: %1 bytes, copied unchanged to quarantine.txt)</source>
        <translation>(zu groß für die Anzeige: %1 Bytes, unverändert nach quarantine.txt kopiert)</translation>
    </message>
</context>
<context>
    <name>DetailPanel</name>
    <message>
        <source>Select a contact to see all its fields and the reasons for its bucket.</source>
        <translation>Wählen Sie einen Kontakt, um alle Felder und die Gründe für seine Kategorie zu sehen.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>%1

Correct the policy file, or clear it in Settings to use the shipped policy.</source>
        <translation>%1

Korrigieren Sie die Richtliniendatei oder leeren Sie das Feld in den Einstellungen, um die mitgelieferte Richtlinie zu verwenden.</translation>
    </message>
    <message>
        <source>%1

Check that the file is the consent register as CSV: a header row with phone, granted_at, method and evidence (German headers such as Telefon, erteilt_am, Methode, Nachweis work too), then one consent a row.</source>
        <translation>%1

Prüfen Sie, ob die Datei das Einwilligungsregister als CSV ist: eine Kopfzeile mit phone, granted_at, method und evidence (deutsche Spaltennamen wie Telefon, erteilt_am, Methode, Nachweis gehen auch), darunter eine Einwilligung je Zeile.</translation>
    </message>
    <message>
        <source>%1

Check that the file is a vCard (.vcf) or CSV export of an address book, then import it again.</source>
        <translation>%1

Prüfen Sie, ob die Datei ein vCard- (.vcf) oder CSV-Export eines Adressbuchs ist, und importieren Sie sie erneut.</translation>
    </message>
    <message>
        <source>%1

Choose another database location in Settings, or restore the database together with its key file.</source>
        <translation>%1

Wählen Sie in den Einstellungen einen anderen Speicherort für die Datenbank, oder stellen Sie die Datenbank zusammen mit ihrer Schlüsseldatei wieder her.</translation>
    </message>
    <message>
        <source>%1

Choose a folder you can write to, with enough free space.</source>
        <translation>%1

Wählen Sie einen Ordner, in den Sie schreiben dürfen und der genug freien Platz hat.</translation>
    </message>
    <message>
        <source>%1

Check that the file or folder exists and that you may use it.</source>
        <translation>%1

Prüfen Sie, ob die Datei oder der Ordner existiert und Sie darauf zugreifen dürfen.</translation>
    </message>
    <message>
        <source>Something unexpected went wrong: %1

Nothing was exported. Please report this message to the ContactGate maintainers.</source>
        <translation>Etwas Unerwartetes ist schiefgegangen: %1

Es wurde nichts exportiert. Bitte melden Sie diese Meldung den Entwicklern von ContactGate.</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Import the phone&apos;s address book first: the export is made from it, so that every contact ends up in exactly one file.</source>
        <translation>Importieren Sie zuerst das Adressbuch des Telefons: Der Export entsteht daraus, damit jeder Kontakt in genau einer Datei landet.</translation>
    </message>
    <message>
        <source>No database is open: the export needs it for consents and its record. Choose a database location in Settings.</source>
        <translation>Es ist keine Datenbank geöffnet: Der Export braucht sie für die Einwilligungen und seine Dokumentation. Wählen Sie in den Einstellungen einen Speicherort für die Datenbank.</translation>
    </message>
    <message>
        <source>Folder for the export</source>
        <translation>Ordner für den Export</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Consent granted</source>
        <translation>Einwilligung erteilt</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Work e-mail</source>
        <translation>Geschäftliche E-Mail</translation>
    </message>
    <message>
        <source>%1 contacts with %2 numbers will be written to %3 — exactly the rows below. Kept out of it, each in its own file: %4 business without consent, %5 private, %6 unsure, %7 unreadable cards.</source>
        <translation>%1 Kontakte mit %2 Nummern werden nach %3 geschrieben – genau die Zeilen unten. Davon ausgenommen, jeweils in einer eigenen Datei: %4 geschäftlich ohne Einwilligung, %5 privat, %6 unklar, %7 unlesbare Karten.</translation>
    </message>
    <message>
        <source>Choose the folder the files are written to.</source>
        <translation>Wählen Sie den Ordner, in den die Dateien geschrieben werden.</translation>
    </message>
    <message>
        <source>Replace the export?</source>
        <translation>Export ersetzen?</translation>
    </message>
    <message>
        <source>%1 already holds an export. Replace its files?</source>
        <translation>%1 enthält bereits einen Export. Dessen Dateien ersetzen?</translation>
    </message>
    <message>
        <source>What would leave has changed since the preview (a consent expired or was withdrawn). Check the updated preview and export again.</source>
        <translation>Was exportiert würde, hat sich seit der Vorschau geändert (eine Einwilligung ist abgelaufen oder wurde widerrufen). Prüfen Sie die aktualisierte Vorschau und exportieren Sie erneut.</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>Export läuft</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Exported %1 contacts with %2 numbers to %3.</source>
        <translation>%1 Kontakte mit %2 Nummern nach %3 exportiert.</translation>
    </message>
    <message>
        <source>Export done</source>
        <translation>Export abgeschlossen</translation>
    </message>
    <message>
        <source>Put only whatsapp-business.vcf on the WhatsApp Business side of the phone, after removing the contacts there (importing never deletes a contact). private.vcf belongs on the personal side; business-no-consent.vcf to the company&apos;s address book, with a consent request to each.</source>
        <translation>Übertragen Sie nur whatsapp-business.vcf auf die WhatsApp-Business-Seite des Telefons, nachdem Sie die dortigen Kontakte entfernt haben (ein Import löscht nie einen Kontakt). private.vcf gehört auf die private Seite, business-no-consent.vcf in das Adressbuch der Firma, verbunden mit einer Bitte um Einwilligung an jeden Kontakt.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export for WhatsApp Business</source>
        <translation>Export für WhatsApp Business</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>&amp;Profil:</translation>
    </message>
    <message>
        <source>Phone &amp;label:</source>
        <translation>Telefon-&amp;Bezeichnung:</translation>
    </message>
    <message>
        <source>Choose the folder for the files</source>
        <translation>Ordner für die Dateien wählen</translation>
    </message>
    <message>
        <source>The name of this phone&apos;s export history: the report lists what changed since its previous export</source>
        <translation>Der Name der Export-Historie dieses Telefons: Der Bericht listet, was sich seit dem vorigen Export geändert hat</translation>
    </message>
    <message>
        <source>vCard 3.0 (recommended)</source>
        <translation>vCard 3.0 (empfohlen)</translation>
    </message>
    <message>
        <source>vCard 2.1 (older phones)</source>
        <translation>vCard 2.1 (ältere Telefone)</translation>
    </message>
    <message>
        <source>vCard 4.0</source>
        <translation>vCard 4.0</translation>
    </message>
    <message>
        <source>Minimal: name, organisation, consented numbers</source>
        <translation>Minimal: Name, Organisation, Nummern mit Einwilligung</translation>
    </message>
    <message>
        <source>Standard: also job title and work e-mail</source>
        <translation>Standard: zusätzlich Position und geschäftliche E-Mail</translation>
    </message>
    <message>
        <source>Open the &amp;report when done</source>
        <translation>&amp;Bericht danach öffnen</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <source>Import address book</source>
        <translation>Adressbuch importieren</translation>
    </message>
    <message>
        <source>Address books (*.vcf *.vcard *.csv);;All files (*)</source>
        <translation>Adressbücher (*.vcf *.vcard *.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>Import nicht möglich</translation>
    </message>
    <message numerus="yes">
        <source>Importing %n file(s)</source>
        <translation>
            <numerusform>%n Datei wird importiert</numerusform>
            <numerusform>%n Dateien werden importiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Import fehlgeschlagen</translation>
    </message>
    <message>
        <source>Sample book missing</source>
        <translation>Beispiel-Adressbuch fehlt</translation>
    </message>
    <message>
        <source>The sample book is not part of this installation (%1 is missing). Import your own address book instead.</source>
        <translation>Das Beispiel-Adressbuch gehört nicht zu dieser Installation (%1 fehlt). Importieren Sie stattdessen Ihr eigenes Adressbuch.</translation>
    </message>
    <message>
        <source>Cannot open the sample</source>
        <translation>Beispiel kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Imported %1: %2 ready for WhatsApp, %3 business without consent, %4 private, %5 unsure, %6 unreadable.</source>
        <translation>%1 importiert: %2 bereit für WhatsApp, %3 geschäftlich ohne Einwilligung, %4 privat, %5 unklar, %6 unlesbar.</translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <source>Please wait: %1 is still running.</source>
        <translation>Bitte warten: %1 läuft noch.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>Abgebrochen: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Import address book…</source>
        <translation>Adressbuch &amp;importieren…</translation>
    </message>
    <message>
        <source>Import vCard or CSV exports from the phone (you can also drop files on the window)</source>
        <translation>vCard- oder CSV-Exporte des Telefons importieren (Sie können Dateien auch auf das Fenster ziehen)</translation>
    </message>
    <message>
        <source>Open the &amp;sample book</source>
        <translation>Bei&amp;spiel-Adressbuch öffnen</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Write whatsapp-business.vcf and the other files</source>
        <translation>whatsapp-business.vcf und die übrigen Dateien schreiben</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>Ein&amp;stellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Mark &amp;business</source>
        <translation>Als &amp;geschäftlich markieren</translation>
    </message>
    <message>
        <source>Mark the selected contacts as business</source>
        <translation>Die ausgewählten Kontakte als geschäftlich markieren</translation>
    </message>
    <message>
        <source>Mark &amp;private</source>
        <translation>Als &amp;privat markieren</translation>
    </message>
    <message>
        <source>Mark the selected contacts as private</source>
        <translation>Die ausgewählten Kontakte als privat markieren</translation>
    </message>
    <message>
        <source>Record &amp;consent…</source>
        <translation>Einwilligung &amp;erfassen…</translation>
    </message>
    <message>
        <source>Record a consent for the selected contact</source>
        <translation>Eine Einwilligung für den ausgewählten Kontakt erfassen</translation>
    </message>
    <message>
        <source>&amp;Withdraw consent</source>
        <translation>Einwilligung &amp;widerrufen</translation>
    </message>
    <message>
        <source>Import consent &amp;register (CSV)…</source>
        <translation>Einwilligungs&amp;register importieren (CSV)…</translation>
    </message>
    <message>
        <source>Show &amp;details</source>
        <translation>&amp;Details zeigen</translation>
    </message>
    <message>
        <source>&amp;About ContactGate</source>
        <translation>&amp;Über ContactGate</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Consent</source>
        <translation>&amp;Einwilligung</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Search name, organisation, number or e-mail (Ctrl+F)</source>
        <translation>Name, Organisation, Nummer oder E-Mail suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Buckets</source>
        <translation>Kategorien</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Einwilligungen</translation>
    </message>
    <message>
        <source>Import address book…</source>
        <translation>Adressbuch importieren…</translation>
    </message>
    <message>
        <source>Show: %1</source>
        <translation>Zeigen: %1</translation>
    </message>
</context>
<context>
    <name>ReviewController</name>
    <message>
        <source>Showing %1 of %2</source>
        <translation>%1 von %2 angezeigt</translation>
    </message>
    <message>
        <source>Wait until the running job has finished.</source>
        <translation>Warten Sie, bis der laufende Vorgang beendet ist.</translation>
    </message>
    <message numerus="yes">
        <source>Mark %n contact(s) as %1</source>
        <translation>
            <numerusform>%n Kontakt als %1 markieren</numerusform>
            <numerusform>%n Kontakte als %1 markieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not remember the decision</source>
        <translation>Entscheidung konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Import the phone&apos;s address book to mark contacts.</source>
        <translation>Importieren Sie das Adressbuch des Telefons, um Kontakte zu markieren.</translation>
    </message>
    <message>
        <source>Select one or more contacts to mark (unreadable cards cannot be marked).</source>
        <translation>Wählen Sie einen oder mehrere Kontakte zum Markieren (unlesbare Karten lassen sich nicht markieren).</translation>
    </message>
</context>
<context>
    <name>SettingsController</name>
    <message>
        <source>Company policy</source>
        <translation>Firmenrichtlinie</translation>
    </message>
    <message>
        <source>Policy (*.toml);;All files (*)</source>
        <translation>Richtlinie (*.toml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Folder for the database</source>
        <translation>Ordner für die Datenbank</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Region:</translation>
    </message>
    <message>
        <source>&amp;Policy file:</source>
        <translation>Richtlinien&amp;datei:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>Daten&amp;bank:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Automatic (policy, then system, then DE)</source>
        <translation>Automatisch (Richtlinie, dann System, dann DE)</translation>
    </message>
    <message>
        <source>The country assumed for numbers written without +</source>
        <translation>Das Land, das für Nummern ohne + angenommen wird</translation>
    </message>
    <message>
        <source>The shipped default policy</source>
        <translation>Die mitgelieferte Standardrichtlinie</translation>
    </message>
    <message>
        <source>Choose a company policy file (TOML)</source>
        <translation>Richtliniendatei der Firma wählen (TOML)</translation>
    </message>
    <message>
        <source>Choose where the database is kept</source>
        <translation>Speicherort der Datenbank wählen</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemeinstellung</translation>
    </message>
    <message>
        <source>Region and policy apply to the next import: the open address book is sorted again. Keep the database and its .key file together, on this computer.</source>
        <translation>Region und Richtlinie gelten ab dem nächsten Import: Das geöffnete Adressbuch wird neu eingeordnet. Bewahren Sie die Datenbank und ihre .key-Datei zusammen auf diesem Computer auf.</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>landline</source>
        <translation>Festnetz</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>Mobil</translation>
    </message>
    <message>
        <source>landline or mobile</source>
        <translation>Festnetz oder Mobil</translation>
    </message>
    <message>
        <source>toll-free</source>
        <translation>gebührenfrei</translation>
    </message>
    <message>
        <source>premium rate</source>
        <translation>Mehrwertdienst</translation>
    </message>
    <message>
        <source>shared cost</source>
        <translation>geteilte Kosten</translation>
    </message>
    <message>
        <source>internet telephony</source>
        <translation>Internettelefonie</translation>
    </message>
    <message>
        <source>personal number</source>
        <translation>persönliche Rufnummer</translation>
    </message>
    <message>
        <source>pager</source>
        <translation>Pager</translation>
    </message>
    <message>
        <source>company number</source>
        <translation>Firmenrufnummer</translation>
    </message>
    <message>
        <source>voicemail</source>
        <translation>Mailbox</translation>
    </message>
    <message>
        <source>Ready for WhatsApp</source>
        <translation>Bereit für WhatsApp</translation>
    </message>
    <message>
        <source>Business without consent</source>
        <translation>Geschäftlich ohne Einwilligung</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>Privat</translation>
    </message>
    <message>
        <source>Unsure</source>
        <translation>Unklar</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>Quarantäne</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Business contacts with a valid WhatsApp consent: these are exported.</source>
        <translation>Geschäftliche Kontakte mit gültiger WhatsApp-Einwilligung: Diese werden exportiert.</translation>
    </message>
    <message>
        <source>Business contacts without a valid consent: kept back until one is recorded.</source>
        <translation>Geschäftliche Kontakte ohne gültige Einwilligung: zurückgehalten, bis eine erfasst ist.</translation>
    </message>
    <message>
        <source>Private contacts: never exported, never stored in the database.</source>
        <translation>Private Kontakte: nie exportiert, nie in der Datenbank gespeichert.</translation>
    </message>
    <message>
        <source>Contacts the rules could not decide: mark them business or private.</source>
        <translation>Kontakte, die die Regeln nicht zuordnen konnten: Markieren Sie sie als geschäftlich oder privat.</translation>
    </message>
    <message>
        <source>Cards that could not be read: kept unchanged in quarantine.txt.</source>
        <translation>Karten, die nicht gelesen werden konnten: unverändert in quarantine.txt aufbewahrt.</translation>
    </message>
    <message>
        <source>Every contact and every unreadable card.</source>
        <translation>Alle Kontakte und alle unlesbaren Karten.</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>Geschäftlich</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>Unlesbar</translation>
    </message>
    <message>
        <source>Valid consent</source>
        <translation>Gültige Einwilligung</translation>
    </message>
    <message>
        <source>No consent</source>
        <translation>Keine Einwilligung</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Not yet valid</source>
        <translation>Noch nicht gültig</translation>
    </message>
    <message>
        <source>Other purpose only</source>
        <translation>Nur für anderen Zweck</translation>
    </message>
    <message>
        <source>No readable number</source>
        <translation>Keine lesbare Nummer</translation>
    </message>
    <message>
        <source>Reading cards</source>
        <translation>Karten werden gelesen</translation>
    </message>
    <message>
        <source>Reading phone numbers</source>
        <translation>Telefonnummern werden gelesen</translation>
    </message>
    <message>
        <source>Merging duplicates</source>
        <translation>Doppelte werden zusammengeführt</translation>
    </message>
    <message>
        <source>Sorting contacts</source>
        <translation>Kontakte werden eingeordnet</translation>
    </message>
    <message>
        <source>Checking consents</source>
        <translation>Einwilligungen werden geprüft</translation>
    </message>
    <message>
        <source>Writing files</source>
        <translation>Dateien werden geschrieben</translation>
    </message>
    <message>
        <source>Writing the report</source>
        <translation>Bericht wird geschrieben</translation>
    </message>
    <message>
        <source>Importing consents</source>
        <translation>Einwilligungen werden importiert</translation>
    </message>
    <message>
        <source>Preparing the table</source>
        <translation>Tabelle wird vorbereitet</translation>
    </message>
    <message>
        <source>Marked %1 by you</source>
        <translation>Von Ihnen als %1 markiert</translation>
    </message>
</context>
<context>
    <name>WindowController</name>
    <message>
        <source>Welcome to ContactGate</source>
        <translation>Willkommen bei ContactGate</translation>
    </message>
    <message>
        <source>There is no ContactGate database yet. Open the sample address book to see how it works? It runs in a separate scratch database, with sample consents; your own data is not touched.</source>
        <translation>Es gibt noch keine ContactGate-Datenbank. Das Beispiel-Adressbuch öffnen, um zu sehen, wie es funktioniert? Es läuft in einer eigenen Übungsdatenbank mit Beispiel-Einwilligungen; Ihre eigenen Daten bleiben unberührt.</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>Datenbank kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Cannot read the policy</source>
        <translation>Richtlinie nicht lesbar</translation>
    </message>
    <message>
        <source>This is the sample address book, in a scratch database that is deleted when you quit. Import your phone&apos;s export to start for real.</source>
        <translation>Dies ist das Beispiel-Adressbuch in einer Übungsdatenbank, die beim Beenden gelöscht wird. Importieren Sie den Export Ihres Telefons, um richtig zu beginnen.</translation>
    </message>
    <message>
        <source>No database is open: consents and decisions cannot be kept. Choose a database location in Settings.</source>
        <translation>Es ist keine Datenbank geöffnet: Einwilligungen und Entscheidungen können nicht gespeichert werden. Wählen Sie in den Einstellungen einen Speicherort für die Datenbank.</translation>
    </message>
    <message numerus="yes">
        <source>Showing %n business contact(s) and their consents from the database. Private contacts are never stored: import the phone&apos;s address book again to review the rest and to export.</source>
        <translation>
            <numerusform>%n geschäftlicher Kontakt mit Einwilligungen aus der Datenbank. Private Kontakte werden nie gespeichert: Importieren Sie das Adressbuch des Telefons erneut, um den Rest zu prüfen und zu exportieren.</numerusform>
            <numerusform>%n geschäftliche Kontakte mit Einwilligungen aus der Datenbank. Private Kontakte werden nie gespeichert: Importieren Sie das Adressbuch des Telefons erneut, um den Rest zu prüfen und zu exportieren.</numerusform>
        </translation>
    </message>
    <message>
        <source>Import the address book exported from the phone (vCard or CSV): choose Import, or drop the files on this window.</source>
        <translation>Importieren Sie das vom Telefon exportierte Adressbuch (vCard oder CSV): Wählen Sie „Importieren“ oder ziehen Sie die Dateien auf dieses Fenster.</translation>
    </message>
    <message>
        <source>(sample)</source>
        <translation>(Beispiel)</translation>
    </message>
</context>
</TS>
