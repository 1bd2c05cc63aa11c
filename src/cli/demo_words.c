/* SPDX-License-Identifier: MIT */
/* The vocabulary of the large demo data set (cli/demo_words.h). */
#include "cli/demo_words.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum {
	R_BUCH,
	R_SACH,
	R_TECH,
	R_HAUS,
	R_MIET,
	R_WEG,
	R_VERM,
	R_NK,
	R_RECHT,
	R_VERS,
	R_OBJ,
	R_KS,
};

const struct demo_role demo_roles[DEMO_SCALE_ROLES] = {
    {"Buchhaltung", "Rechnungen, Zahlungen, Mahnwesen"},
    {"Sachbearbeitung", "Schadensmeldungen und Aufträge"},
    {"Technik", "Haustechnik, Heizung, Aufzüge, Handwerker"},
    {"Hausmeisterei", "Vor-Ort-Dienste, Reinigung, Winterdienst"},
    {"Mietverwaltung", "Mietverträge und Mieteranliegen"},
    {"WEG-Verwaltung", "Eigentümergemeinschaften und Beschlüsse"},
    {"Vermietung", "Leerstand, Besichtigungen, Übergaben"},
    {"Nebenkosten", "Betriebs- und Heizkostenabrechnung"},
    {"Rechtsabteilung", "Mietrecht, Abmahnungen, Verfahren"},
    {"Versicherung", "Gebäudeversicherung und Schadenfälle"},
    {"Objektbetreuung", "Begehungen, Dienstleister, Außenanlagen"},
    {"Kundenservice", "Allgemeine Anfragen und Stammdaten"},
};

const struct demo_ptype demo_ptypes[DEMO_SCALE_TYPES] = {
    {"Schadensmeldung",
	"Melden Sie einen Schaden an Gebäude, Wohnung oder Anlagen.",
	{R_SACH, R_TECH}, 1, 1, DEMO_AUD_ANY, 12,
	{{"Riss in der Wand", "Im Wohnzimmer ist ein langer Riss in der Wand "
			      "entstanden, der größer wird."},
	    {"Wohnungstür schließt nicht mehr",
		"Die Wohnungstür schließt nicht mehr richtig, das Schloss "
		"greift nicht."}}},
    {"Frage zur Rechnung", "Fragen zu Rechnungen, Nebenkosten und Zahlungen.",
	{R_BUCH, -1}, 1, 1, DEMO_AUD_ANY, 6,
	{{"Rechnung unklar", "Auf der letzten Rechnung ist ein Betrag, den ich "
			     "nicht nachvollziehen kann."},
	    {"Doppelte Abbuchung?", "Der Betrag wurde offenbar zweimal "
				    "abgebucht, bitte prüfen Sie das."}}},
    {"Heizungsausfall", "Heizung oder Warmwasser funktionieren nicht.",
	{R_TECH, R_HAUS}, 1, 1, DEMO_AUD_TENANT, 8,
	{{"Heizung bleibt kalt", "Seit gestern Abend bleibt die Heizung kalt, "
				 "auch Entlüften hat nicht geholfen."},
	    {"Kein Warmwasser", "Es kommt nur noch kaltes Wasser, die Therme "
				"zeigt eine Störung an."}}},
    {"Wasserschaden", "Wasser tritt aus, Leitungen undicht.", {R_TECH, R_VERS},
	1, 1, DEMO_AUD_ANY, 5,
	{{"Wasserfleck an der Decke",
	     "An der Decke im Bad hat sich ein Wasserfleck gebildet, der "
	     "weiter wächst."},
	    {"Wasser tritt aus der Wand",
		"Hinter der Küche tritt Wasser aus der Wand, der Boden ist "
		"schon nass."}}},
    {"Schlüsselverlust", "Verlorene Schlüssel oder defekte Schließanlage.",
	{R_HAUS, R_MIET}, 1, 1, DEMO_AUD_TENANT, 3,
	{{"Haustürschlüssel verloren",
	     "Ich habe meinen Schlüsselbund verloren und brauche Ersatz für "
	     "Haus- und Wohnungstür."},
	    {"Schließzylinder klemmt",
		"Der Schlüssel lässt sich im Schloss kaum noch drehen."}}},
    {"Nebenkostenabrechnung", "Fragen zur Betriebskostenabrechnung.",
	{R_NK, -1}, 1, 1, DEMO_AUD_TENANT, 6,
	{{"Nachzahlung zu hoch", "Die Nachzahlung ist deutlich höher als im "
				 "Vorjahr, bitte prüfen Sie die Abrechnung."},
	    {"Belegeinsicht Nebenkosten",
		"Ich möchte die Belege zur Nebenkostenabrechnung einsehen."}}},
    {"Mieterwechsel", "Auszug, Nachmieter und Neuvermietung (intern).",
	{R_VERM, R_MIET}, 0, 1, DEMO_AUD_TENANT, 2,
	{{"Auszug angekündigt", "Die Mieter haben den Auszug angekündigt, der "
				"Mieterwechsel ist vorzubereiten."},
	    {"Nachmieter vorgeschlagen",
		"Ein Nachmieter wurde vorgeschlagen und ist zu prüfen."}}},
    {"Lärmbelästigung", "Ruhestörung durch Nachbarn.", {R_MIET, -1}, 1, 1,
	DEMO_AUD_TENANT, 3,
	{{"Laute Musik nachts", "Aus der Nachbarwohnung kommt regelmäßig nach "
				"22 Uhr laute Musik."},
	    {"Lärm im Treppenhaus",
		"Seit Wochen ist es nachts im Treppenhaus sehr laut."}}},
    {"Schimmel", "Schimmel oder Feuchtigkeit in der Wohnung.", {R_TECH, R_SACH},
	1, 1, DEMO_AUD_TENANT, 3,
	{{"Schimmel im Schlafzimmer", "In der Ecke des Schlafzimmers bildet "
				      "sich trotz Lüften Schimmel."},
	    {"Feuchte Außenwand",
		"Die Außenwand ist feucht und riecht muffig."}}},
    {"Aufzugsstörung", "Der Aufzug ist außer Betrieb.", {R_TECH, -1}, 1, 0,
	DEMO_AUD_ANY, 3,
	{{"Aufzug steht still",
	     "Der Aufzug ist seit heute Morgen außer Betrieb."},
	    {"Aufzug hält zwischen den Etagen",
		"Der Aufzug bleibt immer wieder zwischen den Etagen stehen."}}},
    {"Treppenhausreinigung", "Reinigung von Treppenhaus und Eingang.",
	{R_HAUS, R_OBJ}, 1, 0, DEMO_AUD_ANY, 3,
	{{"Treppenhaus nicht gereinigt",
	     "Das Treppenhaus wurde seit zwei Wochen nicht gereinigt."},
	    {"Müll im Eingangsbereich",
		"Im Eingangsbereich liegt seit Tagen Müll."}}},
    {"Müllentsorgung", "Mülltonnen, Sperrmüll, Abholung.", {R_HAUS, -1}, 1, 0,
	DEMO_AUD_ANY, 2,
	{{"Mülltonnen nicht geleert", "Die Mülltonnen wurden diese Woche nicht "
				      "geleert und laufen über."},
	    {"Sperrmüll im Hof", "Im Hof steht seit Tagen Sperrmüll, der nicht "
				 "abgeholt wird."}}},
    {"Winterdienst", "Räumen und Streuen.", {R_HAUS, -1}, 1, 0, DEMO_AUD_ANY, 1,
	{{"Gehweg nicht geräumt",
	     "Der Gehweg vor dem Haus ist heute früh nicht geräumt worden."},
	    {"Glätte vor dem Eingang",
		"Vor dem Eingang ist es spiegelglatt, bitte streuen."}}},
    {"Fenster oder Tür defekt", "Fenster, Türen, Rollläden.", {R_TECH, -1}, 1,
	1, DEMO_AUD_TENANT, 3,
	{{"Fenster schließt nicht", "Das Fenster im Wohnzimmer lässt sich "
				    "nicht mehr richtig schließen."},
	    {"Rollladen klemmt", "Der Rollladengurt ist gerissen, der "
				 "Rollladen bleibt unten."}}},
    {"Rohrverstopfung", "Abfluss, Toilette oder Spüle verstopft.",
	{R_TECH, R_HAUS}, 1, 1, DEMO_AUD_TENANT, 3,
	{{"Spüle verstopft", "Der Abfluss in der Küche ist verstopft, auch ein "
			     "Pümpel hilft nicht."},
	    {"Dusche läuft nicht ab",
		"Das Wasser in der Dusche läuft kaum noch ab."}}},
    {"Stromausfall", "Strom oder Beleuchtung im Gemeinschaftsbereich.",
	{R_TECH, -1}, 1, 0, DEMO_AUD_ANY, 2,
	{{"Kein Licht im Treppenhaus",
	     "Im Treppenhaus funktioniert die Beleuchtung nicht mehr."},
	    {"Stromausfall im Keller",
		"Im Keller ist seit gestern der Strom ausgefallen."}}},
    {"Frage zur Mietzahlung", "Miete, Lastschrift, Bankverbindung.",
	{R_BUCH, R_MIET}, 1, 1, DEMO_AUD_TENANT, 3,
	{{"Mahnung trotz Zahlung", "Ich habe eine Mahnung erhalten, obwohl die "
				   "Miete pünktlich überwiesen wurde."},
	    {"Neue Bankverbindung",
		"Meine Bankverbindung hat sich geändert, bitte passen Sie das "
		"Lastschriftmandat an."}}},
    {"Mieterhöhung", "Fragen zu einer Mieterhöhung.", {R_MIET, R_RECHT}, 1, 1,
	DEMO_AUD_TENANT, 1,
	{{"Frage zur Mieterhöhung", "Ich habe Fragen zur angekündigten "
				    "Mieterhöhung und zum Mietspiegel."},
	    {"Vergleichswohnungen", "Bitte erläutern Sie die "
				    "Vergleichswohnungen zur Mieterhöhung."}}},
    {"Kündigung", "Kündigung des Mietverhältnisses.", {R_MIET, R_VERM}, 1, 1,
	DEMO_AUD_TENANT, 1,
	{{"Kündigung meiner Wohnung",
	     "Hiermit kündige ich das Mietverhältnis fristgerecht."},
	    {"Bestätigung der Kündigung",
		"Ich bitte um Bestätigung meiner Kündigung und einen "
		"Übergabetermin."}}},
    {"Wohnungsübergabe", "Übergabe und Abnahme (intern).", {R_VERM, R_TECH}, 0,
	1, DEMO_AUD_TENANT, 1,
	{{"Übergabe vereinbaren",
	     "Die Wohnungsübergabe ist zu terminieren und zu protokollieren."},
	    {"Mängel bei Vorabnahme",
		"Bei der Vorabnahme sind Mängel aufgefallen."}}},
    {"Kautionsrückzahlung", "Abrechnung der Mietkaution.", {R_BUCH, R_MIET}, 1,
	1, DEMO_AUD_TENANT, 1,
	{{"Kaution noch nicht erstattet",
	     "Ich bin vor Monaten ausgezogen und warte noch auf die Kaution."},
	    {"Abrechnung der Kaution",
		"Bitte senden Sie mir die Abrechnung der Mietkaution."}}},
    {"Eigentümerversammlung", "Anträge, Termine und Protokolle.", {R_WEG, -1},
	1, 0, DEMO_AUD_OWNER, 2,
	{{"Antrag zur Eigentümerversammlung",
	     "Ich möchte einen Tagesordnungspunkt für die nächste Versammlung "
	     "anmelden."},
	    {"Protokoll der Versammlung",
		"Das Protokoll der letzten Versammlung liegt mir noch nicht "
		"vor."}}},
    {"Hausgeldabrechnung", "Fragen zu Hausgeld und Jahresabrechnung.",
	{R_WEG, R_BUCH}, 1, 1, DEMO_AUD_OWNER, 2,
	{{"Verteilerschlüssel unklar", "Der Verteilerschlüssel der Abrechnung "
				       "ist für mich nicht nachvollziehbar."},
	    {"Hausgeld erhöht?",
		"Das Hausgeld wurde ohne Beschluss erhöht, bitte prüfen."}}},
    {"Sonderumlage", "Fragen zu beschlossenen Sonderumlagen.", {R_WEG, -1}, 1,
	0, DEMO_AUD_OWNER, 1,
	{{"Ratenzahlung Sonderumlage",
	     "Ich bitte um Ratenzahlung für die beschlossene Sonderumlage."},
	    {"Sonderumlage Dachsanierung",
		"Wie setzt sich die Sonderumlage für das Dach zusammen?"}}},
    {"Beschlussumsetzung", "Umsetzung von WEG-Beschlüssen (intern).",
	{R_WEG, R_TECH}, 0, 0, DEMO_AUD_OWNER, 1,
	{{"Beschluss umsetzen: Fassade",
	     "Der Beschluss zur Fassade ist umzusetzen, Angebote liegen vor."},
	    {"Angebote einholen", "Für die beschlossene Maßnahme sind drei "
				  "Angebote einzuholen."}}},
    {"Versicherungsfall", "Sturm, Glasbruch, Einbruch.", {R_VERS, R_SACH}, 1, 1,
	DEMO_AUD_ANY, 2,
	{{"Sturmschaden",
	     "Durch den Sturm letzte Nacht wurden Dachziegel beschädigt."},
	    {"Glasbruch", "Die Scheibe der Haustür ist gesprungen."}}},
    {"Mietrechtliche Prüfung", "Abmahnung, Minderung, Klage (intern).",
	{R_RECHT, -1}, 0, 1, DEMO_AUD_TENANT, 1,
	{{"Mietminderung prüfen",
	     "Die angekündigte Mietminderung ist rechtlich zu prüfen."},
	    {"Abmahnung prüfen",
		"Nach wiederholten Verstößen ist eine Abmahnung zu prüfen."}}},
    {"Mahnverfahren", "Mietrückstände (intern).", {R_BUCH, R_RECHT}, 0, 1,
	DEMO_AUD_TENANT, 1,
	{{"Mietrückstand zwei Monate",
	     "Die Miete ist seit zwei Monaten rückständig."},
	    {"Zahlungserinnerung ohne Reaktion",
		"Auf die Zahlungserinnerung kam keine Reaktion."}}},
    {"Bescheinigung haushaltsnahe Dienstleistungen",
	"Nachweise nach § 35a EStG.", {R_NK, -1}, 1, 1, DEMO_AUD_ANY, 2,
	{{"Bescheinigung für die Steuererklärung",
	     "Für meine Steuererklärung brauche ich die Bescheinigung über "
	     "haushaltsnahe Dienstleistungen."},
	    {"Bescheinigung fehlt", "Die Bescheinigung nach § 35a EStG lag der "
				    "Abrechnung nicht bei."}}},
    {"Wohnungsgeberbestätigung", "Bestätigung für das Bürgeramt.", {R_VERM, -1},
	1, 1, DEMO_AUD_TENANT, 1,
	{{"Bestätigung für das Bürgeramt",
	     "Für die Anmeldung beim Bürgeramt brauche ich eine "
	     "Wohnungsgeberbestätigung."},
	    {"Anmeldung Mitbewohner", "Mein Partner zieht ein und braucht eine "
				      "Wohnungsgeberbestätigung."}}},
    {"Untervermietung", "Erlaubnis zur Untervermietung.", {R_MIET, -1}, 1, 1,
	DEMO_AUD_TENANT, 1,
	{{"Untervermietung eines Zimmers",
	     "Ich möchte ein Zimmer für sechs Monate untervermieten."},
	    {"Zwischenmiete", "Während eines Auslandsaufenthalts möchte ich "
			      "die Wohnung zwischenvermieten."}}},
    {"Tierhaltung", "Zustimmung zur Tierhaltung.", {R_MIET, -1}, 1, 1,
	DEMO_AUD_TENANT, 1,
	{{"Anfrage Hundehaltung",
	     "Wir möchten einen kleinen Hund halten und bitten um Zustimmung."},
	    {"Katzen anmelden",
		"Bitte genehmigen Sie die Haltung von zwei Katzen."}}},
    {"Bauliche Veränderung", "Wallbox, Balkonkraftwerk, Umbauten.",
	{R_OBJ, R_TECH}, 1, 1, DEMO_AUD_ANY, 1,
	{{"Einbau einer Wallbox",
	     "Ich möchte am Stellplatz eine Wallbox installieren lassen."},
	    {"Balkonkraftwerk anbringen",
		"Ich möchte ein Balkonkraftwerk am Geländer anbringen."}}},
    {"Rauchwarnmelder", "Defekte Melder und Wartung.", {R_TECH, R_HAUS}, 1, 1,
	DEMO_AUD_TENANT, 2,
	{{"Rauchmelder piept",
	     "Der Rauchwarnmelder im Flur piept in regelmäßigen Abständen."},
	    {"Wartungstermin verpasst",
		"Zum Wartungstermin der Rauchwarnmelder war ich leider nicht "
		"zu Hause."}}},
    {"Zählerablesung", "Ablesung und Heizkostenverteiler.", {R_NK, R_HAUS}, 1,
	1, DEMO_AUD_TENANT, 2,
	{{"Ablesetermin verpasst", "Ich habe den Ablesetermin verpasst und "
				   "reiche die Zählerstände nach."},
	    {"Heizkostenverteiler defekt",
		"Der Heizkostenverteiler im Wohnzimmer zeigt nichts mehr "
		"an."}}},
    {"Grünflächenpflege", "Hecken, Rasen, Bäume.", {R_HAUS, R_OBJ}, 1, 0,
	DEMO_AUD_ANY, 1,
	{{"Hecke nicht geschnitten",
	     "Die Hecke zum Gehweg wurde seit Monaten nicht geschnitten."},
	    {"Baum droht umzustürzen", "Ein Baum im Hof hat sich nach dem "
				       "Sturm bedrohlich geneigt."}}},
    {"Ungezieferbefall", "Mäuse, Schaben, Wespen.", {R_OBJ, R_TECH}, 1, 1,
	DEMO_AUD_ANY, 1,
	{{"Mäuse im Keller",
	     "Im Keller sind Mäuse unterwegs, es gibt schon Fraßspuren."},
	    {"Wespennest am Balkon",
		"Am Balkon hat sich ein Wespennest gebildet."}}},
    {"Stellplatzanfrage", "Stellplätze und Fahrradkeller.", {R_VERM, -1}, 1, 0,
	DEMO_AUD_TENANT, 1,
	{{"Tiefgaragenplatz gesucht",
	     "Ich suche einen Stellplatz in der Tiefgarage und frage, ob einer "
	     "frei ist."},
	    {"Fahrradstellplatz",
		"Gibt es im Haus abschließbare Fahrradstellplätze?"}}},
    {"Änderung der Kontaktdaten", "Telefon, E-Mail, Name.", {R_KS, -1}, 1, 1,
	DEMO_AUD_ANY, 2,
	{{"Neue Telefonnummer", "Meine Telefonnummer hat sich geändert, bitte "
				"aktualisieren Sie Ihre Unterlagen."},
	    {"Namensänderung",
		"Nach meiner Heirat hat sich mein Nachname geändert."}}},
    {"Allgemeine Anfrage", "Alles, was sonst nirgends passt.", {R_KS, R_OBJ}, 1,
	1, DEMO_AUD_ANY, 4,
	{{"Bitte um Rückruf",
	     "Ich habe eine allgemeine Frage und bitte um Rückruf."},
	    {"Ansprechpartner gesucht",
		"Wer ist bei Ihnen mein Ansprechpartner für das Haus?"}}},
};

static const char *const first_f[] = {"Anna", "Maria", "Julia", "Laura",
    "Sarah", "Lisa", "Katharina", "Sabine", "Petra", "Monika", "Claudia",
    "Andrea", "Susanne", "Stefanie", "Nicole", "Christina", "Sandra", "Birgit",
    "Karin", "Ursula", "Renate", "Helga", "Ingrid", "Lena", "Sophie", "Hannah",
    "Lea", "Emma", "Mia", "Johanna", "Franziska", "Melanie", "Martina", "Heike",
    "Gabriele", "Jana", "Nina", "Miriam", "Elke", "Silke", "Ayşe", "Elif",
    "Natalia"};
static const char *const first_m[] = {"Thomas", "Michael", "Andreas", "Stefan",
    "Christian", "Peter", "Markus", "Klaus", "Jürgen", "Wolfgang", "Frank",
    "Matthias", "Alexander", "Martin", "Daniel", "Tobias", "Sebastian", "Jan",
    "Lukas", "Felix", "Jonas", "Paul", "Maximilian", "Florian", "Simon", "Uwe",
    "Dieter", "Bernd", "Holger", "Ralf", "Jens", "Dirk", "Sven", "Oliver",
    "Torsten", "Kai", "Niklas", "Philipp", "David", "Moritz", "Mehmet", "Piotr",
    "Luca"};
static const char *const last_names[] = {"Müller", "Schmidt", "Schneider",
    "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder",
    "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
    "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
    "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König",
    "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz",
    "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich",
    "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz",
    "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm",
    "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein",
    "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas",
    "Schreiber", "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn", "Kühn",
    "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Thomas", "Voigt", "Sauer",
    "Arnold", "Wolff", "Pfeiffer", "Yılmaz", "Kaya", "Nowak", "Kowalski",
    "Öztürk", "Rossi"};

const struct demo_city demo_cities[] = {{"Berlin", 10115}, {"Hamburg", 20095},
    {"München", 80331}, {"Köln", 50667}, {"Frankfurt am Main", 60311},
    {"Stuttgart", 70173}, {"Düsseldorf", 40210}, {"Leipzig", 4103},
    {"Dortmund", 44135}, {"Essen", 45127}, {"Bremen", 28195}, {"Dresden", 1067},
    {"Hannover", 30159}, {"Nürnberg", 90402}, {"Duisburg", 47051},
    {"Bochum", 44787}, {"Wuppertal", 42103}, {"Bielefeld", 33602},
    {"Bonn", 53111}, {"Münster", 48143}, {"Mannheim", 68159},
    {"Karlsruhe", 76131}, {"Augsburg", 86150}, {"Wiesbaden", 65183},
    {"Mönchengladbach", 41061}, {"Aachen", 52062}, {"Braunschweig", 38100},
    {"Kiel", 24103}, {"Chemnitz", 9111}, {"Halle (Saale)", 6108},
    {"Magdeburg", 39104}, {"Freiburg im Breisgau", 79098}, {"Mainz", 55116},
    {"Lübeck", 23552}, {"Erfurt", 99084}, {"Rostock", 18055}, {"Kassel", 34117},
    {"Potsdam", 14467}, {"Heidelberg", 69117}, {"Regensburg", 93047},
    {"Würzburg", 97070}, {"Oldenburg", 26121}};

static const char *const streets[] = {"Hauptstraße", "Bahnhofstraße",
    "Lindenstraße", "Schulstraße", "Gartenstraße", "Goethestraße",
    "Schillerstraße", "Bergstraße", "Kirchstraße", "Waldstraße", "Ringstraße",
    "Feldstraße", "Mozartstraße", "Beethovenstraße", "Rosenstraße", "Birkenweg",
    "Amselweg", "Am Markt", "Friedrichstraße", "Wilhelmstraße", "Kantstraße",
    "Lessingstraße", "Blumenstraße", "Wiesenstraße", "Parkstraße", "Mühlenweg",
    "Am Lindenhof", "Eichendorffstraße", "Heinrich-Heine-Straße",
    "Max-Planck-Straße", "Albert-Einstein-Straße", "Rathausstraße",
    "Poststraße", "Luisenstraße", "Uhlandstraße", "Herderstraße",
    "Fichtestraße", "Humboldtstraße", "Kastanienallee", "Ahornweg", "Tulpenweg",
    "Sonnenstraße", "Talstraße", "Brunnenstraße", "Lerchenweg", "Falkenstraße",
    "Hölderlinstraße", "Karlstraße", "Ludwigstraße", "Bismarckstraße",
    "Moltkestraße", "Steinweg", "Hafenstraße", "Am Stadtpark", "Lutherstraße",
    "Rheinstraße", "Elbstraße", "Kurfürstenstraße", "Sophienstraße",
    "Marienplatz"};

static const char *const closers[] = {"Bitte melden Sie sich bei mir.",
    "Ich bin tagsüber telefonisch erreichbar.", "Vielen Dank im Voraus.",
    "Ich bitte um eine kurze Rückmeldung.",
    "Bitte nennen Sie mir einen Termin.", "Danke für Ihre Hilfe."};

static const char *const c_staff[] = {
    "Vielen Dank für Ihre Nachricht. Wir kümmern uns darum und melden uns "
    "in Kürze.",
    "Wir haben einen Handwerker beauftragt, er meldet sich zur "
    "Terminabsprache bei Ihnen.",
    "Können Sie uns bitte ein Foto schicken?",
    "Die Angelegenheit ist erledigt. Bitte melden Sie sich, falls noch "
    "etwas offen ist.",
    "Wir haben die Unterlagen geprüft und schicken Ihnen die Antwort per "
    "Post.",
    "Der Termin ist für Dienstag zwischen 8 und 12 Uhr eingeplant."};
static const char *const c_internal[] = {
    "Auftrag an Krause Haustechnik erteilt.",
    "Kostenvoranschlag angefordert, Rahmen 500 €.",
    "Rücksprache mit dem Eigentümer nötig.",
    "Schon der dritte Vorgang dieser Art in diesem Haus.",
    "Versicherung informiert, Schadennummer folgt.",
    "Handwerker war vor Ort, Ersatzteil ist bestellt."};
static const char *const c_reporter[] = {
    "Vielen Dank für die schnelle Rückmeldung.",
    "Das Problem besteht leider weiterhin.",
    "Der Handwerker war heute da, jetzt funktioniert alles.",
    "Wann kann ich mit einer Antwort rechnen?",
    "Ein Foto habe ich Ihnen per E-Mail geschickt.",
    "Der vorgeschlagene Termin passt mir gut."};

const size_t demo_n_cities = COUNT(demo_cities);
const struct demo_list demo_first_f = {first_f, COUNT(first_f)};
const struct demo_list demo_first_m = {first_m, COUNT(first_m)};
const struct demo_list demo_last_names = {last_names, COUNT(last_names)};
const struct demo_list demo_streets = {streets, COUNT(streets)};
const struct demo_list demo_closers = {closers, COUNT(closers)};
const struct demo_list demo_c_staff = {c_staff, COUNT(c_staff)};
const struct demo_list demo_c_internal = {c_internal, COUNT(c_internal)};
const struct demo_list demo_c_reporter = {c_reporter, COUNT(c_reporter)};
