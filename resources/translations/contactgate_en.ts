<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About ContactGate</source>
        <translation>About ContactGate</translation>
    </message>
    <message>
        <source>ContactGate %1</source>
        <translation>ContactGate %1</translation>
    </message>
    <message>
        <source>Only business contacts with a valid consent reach WhatsApp Business; private contacts stay on your side of the phone.</source>
        <translation>Only business contacts with a valid consent reach WhatsApp Business; private contacts stay on your side of the phone.</translation>
    </message>
    <message>
        <source>Licence: GPL-3.0-or-later. This program comes with absolutely no warranty; you may redistribute it under the terms of the GNU General Public License, version 3 or later.</source>
        <translation>Licence: GPL-3.0-or-later. This program comes with absolutely no warranty; you may redistribute it under the terms of the GNU General Public License, version 3 or later.</translation>
    </message>
</context>
<context>
    <name>ConsentController</name>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Granted</source>
        <translation>Granted</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>No database is open, so a consent cannot be kept. Choose a database location in Settings.</source>
        <translation>No database is open, so a consent cannot be kept. Choose a database location in Settings.</translation>
    </message>
    <message>
        <source>The number cannot be used: %1. Enter it as on the phone, e.g. +49 171 2345678.</source>
        <translation>The number cannot be used: %1. Enter it as on the phone, e.g. +49 171 2345678.</translation>
    </message>
    <message>
        <source>A consent must be demonstrable: say how it was given (method) and where the proof is kept (evidence).</source>
        <translation>A consent must be demonstrable: say how it was given (method) and where the proof is kept (evidence).</translation>
    </message>
    <message>
        <source>The evidence file %1 does not exist. Choose the file again.</source>
        <translation>The evidence file %1 does not exist. Choose the file again.</translation>
    </message>
    <message>
        <source>The consent date lies in the future. Enter the day the person agreed.</source>
        <translation>The consent date lies in the future. Enter the day the person agreed.</translation>
    </message>
    <message>
        <source>Consent recorded for %1.</source>
        <translation>Consent recorded for %1.</translation>
    </message>
    <message>
        <source>Select the consent to withdraw in the list of consents.</source>
        <translation>Select the consent to withdraw in the list of consents.</translation>
    </message>
    <message>
        <source>This consent is withdrawn already. A new consent from the person is recorded above.</source>
        <translation>This consent is withdrawn already. A new consent from the person is recorded above.</translation>
    </message>
    <message>
        <source>The withdrawal date lies in the future. Enter when the person withdrew the consent.</source>
        <translation>The withdrawal date lies in the future. Enter when the person withdrew the consent.</translation>
    </message>
    <message>
        <source>The withdrawal date lies before the consent was given. Enter when the person withdrew the consent.</source>
        <translation>The withdrawal date lies before the consent was given. Enter when the person withdrew the consent.</translation>
    </message>
    <message>
        <source>Withdraw the consent of %1? The number will not be exported again until a new consent is recorded.</source>
        <translation>Withdraw the consent of %1? The number will not be exported again until a new consent is recorded.</translation>
    </message>
    <message>
        <source>Withdraw consent</source>
        <translation>Withdraw consent</translation>
    </message>
    <message>
        <source>recorded in ContactGate</source>
        <translation>recorded in ContactGate</translation>
    </message>
    <message>
        <source>Consent of %1 withdrawn.</source>
        <translation>Consent of %1 withdrawn.</translation>
    </message>
    <message>
        <source>Evidence of the consent</source>
        <translation>Evidence of the consent</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>No database is open. Choose a database location in Settings.</source>
        <translation>No database is open. Choose a database location in Settings.</translation>
    </message>
    <message>
        <source>Import consent register</source>
        <translation>Import consent register</translation>
    </message>
    <message>
        <source>Consent register (*.csv *.txt);;All files (*)</source>
        <translation>Consent register (*.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <source>Importing consents</source>
        <translation>Importing consents</translation>
    </message>
    <message>
        <source>Consent import failed</source>
        <translation>Consent import failed</translation>
    </message>
    <message>
        <source>%1 consent rows read from %2.</source>
        <translation>%1 consent rows read from %2.</translation>
    </message>
    <message>
        <source>… and %1 more.</source>
        <translation>… and %1 more.</translation>
    </message>
    <message>
        <source>Rows that could not be read grant nothing (%1). Correct them in the register and import it again:</source>
        <translation>Rows that could not be read grant nothing (%1). Correct them in the register and import it again:</translation>
    </message>
    <message>
        <source>Some consent rows were rejected</source>
        <translation>Some consent rows were rejected</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consent</translation>
    </message>
</context>
<context>
    <name>ConsentPanel</name>
    <message>
        <source>Record a consent</source>
        <translation>Record a consent</translation>
    </message>
    <message>
        <source>&amp;Number:</source>
        <translation>&amp;Number:</translation>
    </message>
    <message>
        <source>&amp;Granted on:</source>
        <translation>&amp;Granted on:</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>&amp;Method:</translation>
    </message>
    <message>
        <source>E&amp;vidence:</source>
        <translation>E&amp;vidence:</translation>
    </message>
    <message>
        <source>Evidence &amp;file:</source>
        <translation>Evidence &amp;file:</translation>
    </message>
    <message>
        <source>written form</source>
        <translation>written form</translation>
    </message>
    <message>
        <source>double opt-in (web form)</source>
        <translation>double opt-in (web form)</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>verbal, documented</source>
        <translation>verbal, documented</translation>
    </message>
    <message>
        <source>opt-in by message</source>
        <translation>opt-in by message</translation>
    </message>
    <message>
        <source>Where the signed form or e-mail is kept</source>
        <translation>Where the signed form or e-mail is kept</translation>
    </message>
    <message>
        <source>Optional: scan or e-mail of the consent</source>
        <translation>Optional: scan or e-mail of the consent</translation>
    </message>
    <message>
        <source>Choose the evidence file</source>
        <translation>Choose the evidence file</translation>
    </message>
    <message>
        <source>&amp;Add consent</source>
        <translation>&amp;Add consent</translation>
    </message>
    <message>
        <source>&amp;Withdraw selected consent</source>
        <translation>&amp;Withdraw selected consent</translation>
    </message>
    <message>
        <source>When the person withdrew the consent</source>
        <translation>When the person withdrew the consent</translation>
    </message>
    <message>
        <source>Import consent &amp;register (CSV)…</source>
        <translation>Import consent &amp;register (CSV)…</translation>
    </message>
    <message>
        <source>Consents on record for %1</source>
        <translation>Consents on record for %1</translation>
    </message>
    <message>
        <source>All consents on record</source>
        <translation>All consents on record</translation>
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
        <translation>Numbers</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>Bucket</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consent</translation>
    </message>
</context>
<context>
    <name>Context</name>
    <message>
        <source>Unknown region %1: choose a country in Settings.</source>
        <translation>Unknown region %1: choose a country in Settings.</translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message>
        <source>file is empty</source>
        <translation>file is empty</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>no such file</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>permission denied</translation>
    </message>
    <message>
        <source>is a folder, not a file</source>
        <translation>is a folder, not a file</translation>
    </message>
    <message>
        <source>no vCard found (is this an address-book export?)</source>
        <translation>no vCard found (is this an address-book export?)</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>empty file</translation>
    </message>
    <message>
        <source>too large for a contacts CSV</source>
        <translation>too large for a contacts CSV</translation>
    </message>
    <message>
        <source>not a contacts CSV: the file holds binary data</source>
        <translation>not a contacts CSV: the file holds binary data</translation>
    </message>
    <message>
        <source>not a contacts CSV: no name, phone or e-mail column</source>
        <translation>not a contacts CSV: no name, phone or e-mail column</translation>
    </message>
    <message>
        <source>not a contacts CSV: its first line names no columns (JSON, a log?)</source>
        <translation>not a contacts CSV: its first line names no columns (JSON, a log?)</translation>
    </message>
    <message>
        <source>changed while it was being read; run again</source>
        <translation>changed while it was being read; run again</translation>
    </message>
    <message>
        <source>a photo set aside was changed meanwhile; run again</source>
        <translation>a photo set aside was changed meanwhile; run again</translation>
    </message>
    <message>
        <source>missing END:VCARD</source>
        <translation>missing END:VCARD</translation>
    </message>
    <message>
        <source>missing BEGIN:VCARD</source>
        <translation>missing BEGIN:VCARD</translation>
    </message>
    <message>
        <source>is a file, not a folder</source>
        <translation>is a file, not a folder</translation>
    </message>
    <message>
        <source>is a broken link, not a folder</source>
        <translation>is a broken link, not a folder</translation>
    </message>
    <message>
        <source>Qt produced no PDF</source>
        <translation>Qt produced no PDF</translation>
    </message>
    <message>
        <source>is a folder, not a database file</source>
        <translation>is a folder, not a database file</translation>
    </message>
    <message>
        <source>not a ContactGate database (not SQLite); restore a backup</source>
        <translation>not a ContactGate database (not SQLite); restore a backup</translation>
    </message>
    <message>
        <source>the key file is unreadable or damaged</source>
        <translation>the key file is unreadable or damaged</translation>
    </message>
    <message>
        <source>the key file is damaged (wrong length)</source>
        <translation>the key file is damaged (wrong length)</translation>
    </message>
    <message>
        <source>the key is missing but the database remembers decisions by it; restore the key saved with the database</source>
        <translation>the key is missing but the database remembers decisions by it; restore the key saved with the database</translation>
    </message>
    <message>
        <source>the database is busy (another ContactGate is using it); try again</source>
        <translation>the database is busy (another ContactGate is using it); try again</translation>
    </message>
    <message>
        <source>empty file, not a consent CSV</source>
        <translation>empty file, not a consent CSV</translation>
    </message>
    <message>
        <source>is a folder, not a consent CSV</source>
        <translation>is a folder, not a consent CSV</translation>
    </message>
    <message>
        <source>too large for a consent CSV</source>
        <translation>too large for a consent CSV</translation>
    </message>
    <message>
        <source>damaged UTF-16 text</source>
        <translation>damaged UTF-16 text</translation>
    </message>
    <message>
        <source>neither UTF-8 nor Windows-1252 text</source>
        <translation>neither UTF-8 nor Windows-1252 text</translation>
    </message>
    <message>
        <source>not a consent CSV: no phone column (phone / Telefon / Nummer)</source>
        <translation>not a consent CSV: no phone column (phone / Telefon / Nummer)</translation>
    </message>
    <message>
        <source>row too long to be a consent record; not read</source>
        <translation>row too long to be a consent record; not read</translation>
    </message>
    <message>
        <source>empty date</source>
        <translation>empty date</translation>
    </message>
    <message>
        <source>contains a NUL character</source>
        <translation>contains a NUL character</translation>
    </message>
    <message>
        <source>withdrawn_at lies before granted_at</source>
        <translation>withdrawn_at lies before granted_at</translation>
    </message>
    <message>
        <source>expires_at lies before granted_at</source>
        <translation>expires_at lies before granted_at</translation>
    </message>
    <message>
        <source>cannot read (%1)</source>
        <translation>cannot read (%1)</translation>
    </message>
    <message>
        <source>cannot read: %1</source>
        <translation>cannot read: %1</translation>
    </message>
    <message>
        <source>cannot write (%1); the export is recorded, but these files are still named .part: %2. Rename them (close a program that holds the file open), or run the export again</source>
        <translation>cannot write (%1); the export is recorded, but these files are still named .part: %2. Rename them (close a program that holds the file open), or run the export again</translation>
    </message>
    <message>
        <source>cannot write (%1)</source>
        <translation>cannot write (%1)</translation>
    </message>
    <message>
        <source>cannot read the database (%1)</source>
        <translation>cannot read the database (%1)</translation>
    </message>
    <message>
        <source>cannot create the database (%1)</source>
        <translation>cannot create the database (%1)</translation>
    </message>
    <message>
        <source>cannot write the key (%1)</source>
        <translation>cannot write the key (%1)</translation>
    </message>
    <message>
        <source>cannot write the database (%1); free some space and try again</source>
        <translation>cannot write the database (%1); free some space and try again</translation>
    </message>
    <message>
        <source>not a ContactGate database or damaged (%1); restore a backup</source>
        <translation>not a ContactGate database or damaged (%1); restore a backup</translation>
    </message>
    <message>
        <source>cannot create the folder (%1)</source>
        <translation>cannot create the folder (%1)</translation>
    </message>
    <message>
        <source>cannot read the evidence file (%1)</source>
        <translation>cannot read the evidence file (%1)</translation>
    </message>
    <message>
        <source>a photo set aside cannot be read back (%1)</source>
        <translation>a photo set aside cannot be read back (%1)</translation>
    </message>
    <message>
        <source>card larger than %1</source>
        <translation>card larger than %1</translation>
    </message>
    <message>
        <source>row longer than %1 MB</source>
        <translation>row longer than %1 MB</translation>
    </message>
    <message>
        <source>line %1: not readable as CSV (%2)</source>
        <translation>line %1: not readable as CSV (%2)</translation>
    </message>
    <message>
        <source>consent CSV without column(s): %1</source>
        <translation>consent CSV without column(s): %1</translation>
    </message>
    <message>
        <source>not a phone number for region %1: %2</source>
        <translation>not a phone number for region %1: %2</translation>
    </message>
    <message>
        <source>not an ISO 8601 date: %1</source>
        <translation>not an ISO 8601 date: %1</translation>
    </message>
    <message>
        <source>not a date: %1</source>
        <translation>not a date: %1</translation>
    </message>
    <message>
        <source>not a year from %1 to %2: %3</source>
        <translation>not a year from %1 to %2: %3</translation>
    </message>
    <message>
        <source>%1 is empty</source>
        <translation>%1 is empty</translation>
    </message>
</context>
<context>
    <name>Detail</name>
    <message>
        <source>Bucket</source>
        <translation>Bucket</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consent</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>Family name</translation>
    </message>
    <message>
        <source>Given name</source>
        <translation>Given name</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Categories</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Address types</source>
        <translation>Address types</translation>
    </message>
    <message>
        <source>Shown as company</source>
        <translation>Shown as company</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>UID</source>
        <translation>UID</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>Numbers</translation>
    </message>
    <message>
        <source>As written</source>
        <translation>As written</translation>
    </message>
    <message>
        <source>International</source>
        <translation>International</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>No phone number.</source>
        <translation>No phone number.</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Why this bucket</source>
        <translation>Why this bucket</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Weight</translation>
    </message>
    <message>
        <source>Source cards</source>
        <translation>Source cards</translation>
    </message>
    <message>
        <source>File and line</source>
        <translation>File and line</translation>
    </message>
    <message>
        <source>vCard version</source>
        <translation>vCard version</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>Phone label</source>
        <translation>Phone label</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>First seen</translation>
    </message>
    <message>
        <source>Last exported</source>
        <translation>Last exported</translation>
    </message>
    <message>
        <source>Kept in the database from an earlier export. Import the phone&apos;s address book again to review its private and unsure contacts and to export.</source>
        <translation>Kept in the database from an earlier export. Import the phone&apos;s address book again to review its private and unsure contacts and to export.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Unreadable card</source>
        <translation>Unreadable card</translation>
    </message>
    <message>
        <source>This card could not be read. It is copied unchanged to quarantine.txt with every export, so nothing is lost.</source>
        <translation>This card could not be read. It is copied unchanged to quarantine.txt with every export, so nothing is lost.</translation>
    </message>
    <message>
        <source>(your decision)</source>
        <translation>(your decision)</translation>
    </message>
    <message>
        <source>Exported to %1 with its consented numbers only.</source>
        <translation>Exported to %1 with its consented numbers only.</translation>
    </message>
    <message>
        <source>Kept back in %1 until a valid consent is recorded.</source>
        <translation>Kept back in %1 until a valid consent is recorded.</translation>
    </message>
    <message>
        <source>Written to %1 only; never exported.</source>
        <translation>Written to %1 only; never exported.</translation>
    </message>
    <message>
        <source>Written to %1: mark it business or private.</source>
        <translation>Written to %1: mark it business or private.</translation>
    </message>
    <message>
        <source>(too large to show: %1 bytes, copied unchanged to quarantine.txt)</source>
        <translation>(too large to show: %1 bytes, copied unchanged to quarantine.txt)</translation>
    </message>
</context>
<context>
    <name>DetailPanel</name>
    <message>
        <source>Select a contact to see all its fields and the reasons for its bucket.</source>
        <translation>Select a contact to see all its fields and the reasons for its bucket.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>%1

Correct the policy file, or clear it in Settings to use the shipped policy.</source>
        <translation>%1

Correct the policy file, or clear it in Settings to use the shipped policy.</translation>
    </message>
    <message>
        <source>%1

Check that the file is the consent register as CSV: a header row with phone, granted_at, method and evidence (German headers such as Telefon, erteilt_am, Methode, Nachweis work too), then one consent a row.</source>
        <translation>%1

Check that the file is the consent register as CSV: a header row with phone, granted_at, method and evidence (German headers such as Telefon, erteilt_am, Methode, Nachweis work too), then one consent a row.</translation>
    </message>
    <message>
        <source>%1

Check that the file is a vCard (.vcf) or CSV export of an address book, then import it again.</source>
        <translation>%1

Check that the file is a vCard (.vcf) or CSV export of an address book, then import it again.</translation>
    </message>
    <message>
        <source>%1

Choose another database location in Settings, or restore the database together with its key file.</source>
        <translation>%1

Choose another database location in Settings, or restore the database together with its key file.</translation>
    </message>
    <message>
        <source>%1

Choose a folder you can write to, with enough free space.</source>
        <translation>%1

Choose a folder you can write to, with enough free space.</translation>
    </message>
    <message>
        <source>%1

Check that the file or folder exists and that you may use it.</source>
        <translation>%1

Check that the file or folder exists and that you may use it.</translation>
    </message>
    <message>
        <source>Something unexpected went wrong: %1

Nothing was exported. Please report this message to the ContactGate maintainers.</source>
        <translation>Something unexpected went wrong: %1

Nothing was exported. Please report this message to the ContactGate maintainers.</translation>
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
        <translation>Import the phone&apos;s address book first: the export is made from it, so that every contact ends up in exactly one file.</translation>
    </message>
    <message>
        <source>No database is open: the export needs it for consents and its record. Choose a database location in Settings.</source>
        <translation>No database is open: the export needs it for consents and its record. Choose a database location in Settings.</translation>
    </message>
    <message>
        <source>Folder for the export</source>
        <translation>Folder for the export</translation>
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
        <translation>Number</translation>
    </message>
    <message>
        <source>Consent granted</source>
        <translation>Consent granted</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Work e-mail</source>
        <translation>Work e-mail</translation>
    </message>
    <message>
        <source>%1 contacts with %2 numbers will be written to %3 — exactly the rows below. Kept out of it, each in its own file: %4 business without consent, %5 private, %6 unsure, %7 unreadable cards.</source>
        <translation>%1 contacts with %2 numbers will be written to %3 — exactly the rows below. Kept out of it, each in its own file: %4 business without consent, %5 private, %6 unsure, %7 unreadable cards.</translation>
    </message>
    <message>
        <source>Choose the folder the files are written to.</source>
        <translation>Choose the folder the files are written to.</translation>
    </message>
    <message>
        <source>Replace the export?</source>
        <translation>Replace the export?</translation>
    </message>
    <message>
        <source>%1 already holds an export. Replace its files?</source>
        <translation>%1 already holds an export. Replace its files?</translation>
    </message>
    <message>
        <source>What would leave has changed since the preview (a consent expired or was withdrawn). Check the updated preview and export again.</source>
        <translation>What would leave has changed since the preview (a consent expired or was withdrawn). Check the updated preview and export again.</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>Exporting</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>Exported %1 contacts with %2 numbers to %3.</source>
        <translation>Exported %1 contacts with %2 numbers to %3.</translation>
    </message>
    <message>
        <source>Export done</source>
        <translation>Export done</translation>
    </message>
    <message>
        <source>Put only whatsapp-business.vcf on the WhatsApp Business side of the phone, after removing the contacts there (importing never deletes a contact). private.vcf belongs on the personal side; business-no-consent.vcf to the company&apos;s address book, with a consent request to each.</source>
        <translation>Put only whatsapp-business.vcf on the WhatsApp Business side of the phone, after removing the contacts there (importing never deletes a contact). private.vcf belongs on the personal side; business-no-consent.vcf to the company&apos;s address book, with a consent request to each.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export for WhatsApp Business</source>
        <translation>Export for WhatsApp Business</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Folder:</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>F&amp;ormat:</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>&amp;Profile:</translation>
    </message>
    <message>
        <source>Phone &amp;label:</source>
        <translation>Phone &amp;label:</translation>
    </message>
    <message>
        <source>Choose the folder for the files</source>
        <translation>Choose the folder for the files</translation>
    </message>
    <message>
        <source>The name of this phone&apos;s export history: the report lists what changed since its previous export</source>
        <translation>The name of this phone&apos;s export history: the report lists what changed since its previous export</translation>
    </message>
    <message>
        <source>vCard 3.0 (recommended)</source>
        <translation>vCard 3.0 (recommended)</translation>
    </message>
    <message>
        <source>vCard 2.1 (older phones)</source>
        <translation>vCard 2.1 (older phones)</translation>
    </message>
    <message>
        <source>vCard 4.0</source>
        <translation>vCard 4.0</translation>
    </message>
    <message>
        <source>Minimal: name, organisation, consented numbers</source>
        <translation>Minimal: name, organisation, consented numbers</translation>
    </message>
    <message>
        <source>Standard: also job title and work e-mail</source>
        <translation>Standard: also job title and work e-mail</translation>
    </message>
    <message>
        <source>Open the &amp;report when done</source>
        <translation>Open the &amp;report when done</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Export</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <source>Import address book</source>
        <translation>Import address book</translation>
    </message>
    <message>
        <source>Address books (*.vcf *.vcard *.csv);;All files (*)</source>
        <translation>Address books (*.vcf *.vcard *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>Cannot import</translation>
    </message>
    <message numerus="yes">
        <source>Importing %n file(s)</source>
        <translation>
            <numerusform>Importing %n file</numerusform>
            <numerusform>Importing %n files</numerusform>
        </translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Import failed</translation>
    </message>
    <message>
        <source>Sample book missing</source>
        <translation>Sample book missing</translation>
    </message>
    <message>
        <source>The sample book is not part of this installation (%1 is missing). Import your own address book instead.</source>
        <translation>The sample book is not part of this installation (%1 is missing). Import your own address book instead.</translation>
    </message>
    <message>
        <source>Cannot open the sample</source>
        <translation>Cannot open the sample</translation>
    </message>
    <message>
        <source>Imported %1: %2 ready for WhatsApp, %3 business without consent, %4 private, %5 unsure, %6 unreadable.</source>
        <translation>Imported %1: %2 ready for WhatsApp, %3 business without consent, %4 private, %5 unsure, %6 unreadable.</translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <source>Please wait: %1 is still running.</source>
        <translation>Please wait: %1 is still running.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>Cancelled: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Import address book…</source>
        <translation>&amp;Import address book…</translation>
    </message>
    <message>
        <source>Import vCard or CSV exports from the phone (you can also drop files on the window)</source>
        <translation>Import vCard or CSV exports from the phone (you can also drop files on the window)</translation>
    </message>
    <message>
        <source>Open the &amp;sample book</source>
        <translation>Open the &amp;sample book</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <source>Write whatsapp-business.vcf and the other files</source>
        <translation>Write whatsapp-business.vcf and the other files</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <source>Mark &amp;business</source>
        <translation>Mark &amp;business</translation>
    </message>
    <message>
        <source>Mark the selected contacts as business</source>
        <translation>Mark the selected contacts as business</translation>
    </message>
    <message>
        <source>Mark &amp;private</source>
        <translation>Mark &amp;private</translation>
    </message>
    <message>
        <source>Mark the selected contacts as private</source>
        <translation>Mark the selected contacts as private</translation>
    </message>
    <message>
        <source>Record &amp;consent…</source>
        <translation>Record &amp;consent…</translation>
    </message>
    <message>
        <source>Record a consent for the selected contact</source>
        <translation>Record a consent for the selected contact</translation>
    </message>
    <message>
        <source>&amp;Withdraw consent</source>
        <translation>&amp;Withdraw consent</translation>
    </message>
    <message>
        <source>Import consent &amp;register (CSV)…</source>
        <translation>Import consent &amp;register (CSV)…</translation>
    </message>
    <message>
        <source>Show &amp;details</source>
        <translation>Show &amp;details</translation>
    </message>
    <message>
        <source>&amp;About ContactGate</source>
        <translation>&amp;About ContactGate</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Consent</source>
        <translation>&amp;Consent</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Main toolbar</translation>
    </message>
    <message>
        <source>Search name, organisation, number or e-mail (Ctrl+F)</source>
        <translation>Search name, organisation, number or e-mail (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Buckets</source>
        <translation>Buckets</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Consents</translation>
    </message>
    <message>
        <source>Import address book…</source>
        <translation>Import address book…</translation>
    </message>
    <message>
        <source>Show: %1</source>
        <translation>Show: %1</translation>
    </message>
</context>
<context>
    <name>ReviewController</name>
    <message>
        <source>Showing %1 of %2</source>
        <translation>Showing %1 of %2</translation>
    </message>
    <message>
        <source>Wait until the running job has finished.</source>
        <translation>Wait until the running job has finished.</translation>
    </message>
    <message numerus="yes">
        <source>Mark %n contact(s) as %1</source>
        <translation>
            <numerusform>Mark %n contact as %1</numerusform>
            <numerusform>Mark %n contacts as %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not remember the decision</source>
        <translation>Could not remember the decision</translation>
    </message>
    <message>
        <source>Import the phone&apos;s address book to mark contacts.</source>
        <translation>Import the phone&apos;s address book to mark contacts.</translation>
    </message>
    <message>
        <source>Select one or more contacts to mark (unreadable cards cannot be marked).</source>
        <translation>Select one or more contacts to mark (unreadable cards cannot be marked).</translation>
    </message>
</context>
<context>
    <name>SettingsController</name>
    <message>
        <source>Company policy</source>
        <translation>Company policy</translation>
    </message>
    <message>
        <source>Policy (*.toml);;All files (*)</source>
        <translation>Policy (*.toml);;All files (*)</translation>
    </message>
    <message>
        <source>Folder for the database</source>
        <translation>Folder for the database</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Region:</translation>
    </message>
    <message>
        <source>&amp;Policy file:</source>
        <translation>&amp;Policy file:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Database:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>Automatic (policy, then system, then DE)</source>
        <translation>Automatic (policy, then system, then DE)</translation>
    </message>
    <message>
        <source>The country assumed for numbers written without +</source>
        <translation>The country assumed for numbers written without +</translation>
    </message>
    <message>
        <source>The shipped default policy</source>
        <translation>The shipped default policy</translation>
    </message>
    <message>
        <source>Choose a company policy file (TOML)</source>
        <translation>Choose a company policy file (TOML)</translation>
    </message>
    <message>
        <source>Choose where the database is kept</source>
        <translation>Choose where the database is kept</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>Region and policy apply to the next import: the open address book is sorted again. Keep the database and its .key file together, on this computer.</source>
        <translation>Region and policy apply to the next import: the open address book is sorted again. Keep the database and its .key file together, on this computer.</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>landline</source>
        <translation>landline</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>mobile</translation>
    </message>
    <message>
        <source>landline or mobile</source>
        <translation>landline or mobile</translation>
    </message>
    <message>
        <source>toll-free</source>
        <translation>toll-free</translation>
    </message>
    <message>
        <source>premium rate</source>
        <translation>premium rate</translation>
    </message>
    <message>
        <source>shared cost</source>
        <translation>shared cost</translation>
    </message>
    <message>
        <source>internet telephony</source>
        <translation>internet telephony</translation>
    </message>
    <message>
        <source>personal number</source>
        <translation>personal number</translation>
    </message>
    <message>
        <source>pager</source>
        <translation>pager</translation>
    </message>
    <message>
        <source>company number</source>
        <translation>company number</translation>
    </message>
    <message>
        <source>voicemail</source>
        <translation>voicemail</translation>
    </message>
    <message>
        <source>Ready for WhatsApp</source>
        <translation>Ready for WhatsApp</translation>
    </message>
    <message>
        <source>Business without consent</source>
        <translation>Business without consent</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>Private</translation>
    </message>
    <message>
        <source>Unsure</source>
        <translation>Unsure</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>Quarantined</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Business contacts with a valid WhatsApp consent: these are exported.</source>
        <translation>Business contacts with a valid WhatsApp consent: these are exported.</translation>
    </message>
    <message>
        <source>Business contacts without a valid consent: kept back until one is recorded.</source>
        <translation>Business contacts without a valid consent: kept back until one is recorded.</translation>
    </message>
    <message>
        <source>Private contacts: never exported, never stored in the database.</source>
        <translation>Private contacts: never exported, never stored in the database.</translation>
    </message>
    <message>
        <source>Contacts the rules could not decide: mark them business or private.</source>
        <translation>Contacts the rules could not decide: mark them business or private.</translation>
    </message>
    <message>
        <source>Cards that could not be read: kept unchanged in quarantine.txt.</source>
        <translation>Cards that could not be read: kept unchanged in quarantine.txt.</translation>
    </message>
    <message>
        <source>Every contact and every unreadable card.</source>
        <translation>Every contact and every unreadable card.</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>Business</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>Unreadable</translation>
    </message>
    <message>
        <source>Valid consent</source>
        <translation>Valid consent</translation>
    </message>
    <message>
        <source>No consent</source>
        <translation>No consent</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>Not yet valid</source>
        <translation>Not yet valid</translation>
    </message>
    <message>
        <source>Other purpose only</source>
        <translation>Other purpose only</translation>
    </message>
    <message>
        <source>No readable number</source>
        <translation>No readable number</translation>
    </message>
    <message>
        <source>Reading cards</source>
        <translation>Reading cards</translation>
    </message>
    <message>
        <source>Reading phone numbers</source>
        <translation>Reading phone numbers</translation>
    </message>
    <message>
        <source>Merging duplicates</source>
        <translation>Merging duplicates</translation>
    </message>
    <message>
        <source>Sorting contacts</source>
        <translation>Sorting contacts</translation>
    </message>
    <message>
        <source>Checking consents</source>
        <translation>Checking consents</translation>
    </message>
    <message>
        <source>Writing files</source>
        <translation>Writing files</translation>
    </message>
    <message>
        <source>Writing the report</source>
        <translation>Writing the report</translation>
    </message>
    <message>
        <source>Importing consents</source>
        <translation>Importing consents</translation>
    </message>
    <message>
        <source>Preparing the table</source>
        <translation>Preparing the table</translation>
    </message>
    <message>
        <source>Marked %1 by you</source>
        <translation>Marked %1 by you</translation>
    </message>
</context>
<context>
    <name>WindowController</name>
    <message>
        <source>Welcome to ContactGate</source>
        <translation>Welcome to ContactGate</translation>
    </message>
    <message>
        <source>There is no ContactGate database yet. Open the sample address book to see how it works? It runs in a separate scratch database, with sample consents; your own data is not touched.</source>
        <translation>There is no ContactGate database yet. Open the sample address book to see how it works? It runs in a separate scratch database, with sample consents; your own data is not touched.</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <source>Cannot read the policy</source>
        <translation>Cannot read the policy</translation>
    </message>
    <message>
        <source>This is the sample address book, in a scratch database that is deleted when you quit. Import your phone&apos;s export to start for real.</source>
        <translation>This is the sample address book, in a scratch database that is deleted when you quit. Import your phone&apos;s export to start for real.</translation>
    </message>
    <message>
        <source>No database is open: consents and decisions cannot be kept. Choose a database location in Settings.</source>
        <translation>No database is open: consents and decisions cannot be kept. Choose a database location in Settings.</translation>
    </message>
    <message numerus="yes">
        <source>Showing %n business contact(s) and their consents from the database. Private contacts are never stored: import the phone&apos;s address book again to review the rest and to export.</source>
        <translation>
            <numerusform>Showing %n business contact and its consents from the database. Private contacts are never stored: import the phone&apos;s address book again to review the rest and to export.</numerusform>
            <numerusform>Showing %n business contacts and their consents from the database. Private contacts are never stored: import the phone&apos;s address book again to review the rest and to export.</numerusform>
        </translation>
    </message>
    <message>
        <source>Import the address book exported from the phone (vCard or CSV): choose Import, or drop the files on this window.</source>
        <translation>Import the address book exported from the phone (vCard or CSV): choose Import, or drop the files on this window.</translation>
    </message>
    <message>
        <source>(sample)</source>
        <translation>(sample)</translation>
    </message>
</context>
</TS>
