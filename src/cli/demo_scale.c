/* SPDX-License-Identifier: MIT */
/*
 * The large demo data set: a Hausverwaltung with thousands of properties
 * and a million historical Vorgänge, for the benchmark and for trying the
 * UI at realistic size. Everything is routed by route_compute, the
 * server's own routing; the rest follows the rules the store keeps
 * (numbers per year in creation order, history as the server writes it).
 * Fast because everything the routing needs stays in memory, statements
 * are prepared once and commits are few and not synced.
 */
#include "cli/demo_scale.h"

#include "cli/cli.h"
#include "core/process.h"
#include "core/route.h"
#include "store/process.h"
#include "store/setting.h"
#include "store/token.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/rand.h"
#include "util/str.h"

#include <ctype.h>
#include <errno.h>
#include <math.h> /* isfinite: a macro, no libm */
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define DAY (24 * 3600)
#define SPAN ((int64_t)(5 * 365.25 * DAY)) /* five years of history */
#define BATCH 50000			   /* Vorgänge per transaction */
#define PROGRESS 100000
#define TOKEN_TENANTS 1000
#define READS_PER_EMPLOYEE 20
#define LABEL_MAX 40
#define NAME_MAX 64
#define EMAIL_MAX 128

/* ---- vocabulary ------------------------------------------------------- */

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

static const struct {
	const char *name, *desc;
} roles[DEMO_SCALE_ROLES] = {
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

enum { AUD_ANY, AUD_TENANT, AUD_OWNER };

struct ptype_def {
	const char *name, *desc;
	signed char role[2]; /* role index; -1 for none */
	unsigned char portal, unit, audience, weight;
	const char *text[2][2]; /* subject and the matching detail */
};

static const struct ptype_def ptypes[DEMO_SCALE_TYPES] = {
    {"Schadensmeldung",
	"Melden Sie einen Schaden an Gebäude, Wohnung oder Anlagen.",
	{R_SACH, R_TECH}, 1, 1, AUD_ANY, 12,
	{{"Riss in der Wand", "Im Wohnzimmer ist ein langer Riss in der Wand "
			      "entstanden, der größer wird."},
	    {"Wohnungstür schließt nicht mehr",
		"Die Wohnungstür schließt nicht mehr richtig, das Schloss "
		"greift nicht."}}},
    {"Frage zur Rechnung", "Fragen zu Rechnungen, Nebenkosten und Zahlungen.",
	{R_BUCH, -1}, 1, 1, AUD_ANY, 6,
	{{"Rechnung unklar", "Auf der letzten Rechnung ist ein Betrag, den ich "
			     "nicht nachvollziehen kann."},
	    {"Doppelte Abbuchung?", "Der Betrag wurde offenbar zweimal "
				    "abgebucht, bitte prüfen Sie das."}}},
    {"Heizungsausfall", "Heizung oder Warmwasser funktionieren nicht.",
	{R_TECH, R_HAUS}, 1, 1, AUD_TENANT, 8,
	{{"Heizung bleibt kalt", "Seit gestern Abend bleibt die Heizung kalt, "
				 "auch Entlüften hat nicht geholfen."},
	    {"Kein Warmwasser", "Es kommt nur noch kaltes Wasser, die Therme "
				"zeigt eine Störung an."}}},
    {"Wasserschaden", "Wasser tritt aus, Leitungen undicht.", {R_TECH, R_VERS},
	1, 1, AUD_ANY, 5,
	{{"Wasserfleck an der Decke",
	     "An der Decke im Bad hat sich ein Wasserfleck gebildet, der "
	     "weiter wächst."},
	    {"Wasser tritt aus der Wand",
		"Hinter der Küche tritt Wasser aus der Wand, der Boden ist "
		"schon nass."}}},
    {"Schlüsselverlust", "Verlorene Schlüssel oder defekte Schließanlage.",
	{R_HAUS, R_MIET}, 1, 1, AUD_TENANT, 3,
	{{"Haustürschlüssel verloren",
	     "Ich habe meinen Schlüsselbund verloren und brauche Ersatz für "
	     "Haus- und Wohnungstür."},
	    {"Schließzylinder klemmt",
		"Der Schlüssel lässt sich im Schloss kaum noch drehen."}}},
    {"Nebenkostenabrechnung", "Fragen zur Betriebskostenabrechnung.",
	{R_NK, -1}, 1, 1, AUD_TENANT, 6,
	{{"Nachzahlung zu hoch", "Die Nachzahlung ist deutlich höher als im "
				 "Vorjahr, bitte prüfen Sie die Abrechnung."},
	    {"Belegeinsicht Nebenkosten",
		"Ich möchte die Belege zur Nebenkostenabrechnung einsehen."}}},
    {"Mieterwechsel", "Auszug, Nachmieter und Neuvermietung (intern).",
	{R_VERM, R_MIET}, 0, 1, AUD_TENANT, 2,
	{{"Auszug angekündigt", "Die Mieter haben den Auszug angekündigt, der "
				"Mieterwechsel ist vorzubereiten."},
	    {"Nachmieter vorgeschlagen",
		"Ein Nachmieter wurde vorgeschlagen und ist zu prüfen."}}},
    {"Lärmbelästigung", "Ruhestörung durch Nachbarn.", {R_MIET, -1}, 1, 1,
	AUD_TENANT, 3,
	{{"Laute Musik nachts", "Aus der Nachbarwohnung kommt regelmäßig nach "
				"22 Uhr laute Musik."},
	    {"Lärm im Treppenhaus",
		"Seit Wochen ist es nachts im Treppenhaus sehr laut."}}},
    {"Schimmel", "Schimmel oder Feuchtigkeit in der Wohnung.", {R_TECH, R_SACH},
	1, 1, AUD_TENANT, 3,
	{{"Schimmel im Schlafzimmer", "In der Ecke des Schlafzimmers bildet "
				      "sich trotz Lüften Schimmel."},
	    {"Feuchte Außenwand",
		"Die Außenwand ist feucht und riecht muffig."}}},
    {"Aufzugsstörung", "Der Aufzug ist außer Betrieb.", {R_TECH, -1}, 1, 0,
	AUD_ANY, 3,
	{{"Aufzug steht still",
	     "Der Aufzug ist seit heute Morgen außer Betrieb."},
	    {"Aufzug hält zwischen den Etagen",
		"Der Aufzug bleibt immer wieder zwischen den Etagen stehen."}}},
    {"Treppenhausreinigung", "Reinigung von Treppenhaus und Eingang.",
	{R_HAUS, R_OBJ}, 1, 0, AUD_ANY, 3,
	{{"Treppenhaus nicht gereinigt",
	     "Das Treppenhaus wurde seit zwei Wochen nicht gereinigt."},
	    {"Müll im Eingangsbereich",
		"Im Eingangsbereich liegt seit Tagen Müll."}}},
    {"Müllentsorgung", "Mülltonnen, Sperrmüll, Abholung.", {R_HAUS, -1}, 1, 0,
	AUD_ANY, 2,
	{{"Mülltonnen nicht geleert", "Die Mülltonnen wurden diese Woche nicht "
				      "geleert und laufen über."},
	    {"Sperrmüll im Hof", "Im Hof steht seit Tagen Sperrmüll, der nicht "
				 "abgeholt wird."}}},
    {"Winterdienst", "Räumen und Streuen.", {R_HAUS, -1}, 1, 0, AUD_ANY, 1,
	{{"Gehweg nicht geräumt",
	     "Der Gehweg vor dem Haus ist heute früh nicht geräumt worden."},
	    {"Glätte vor dem Eingang",
		"Vor dem Eingang ist es spiegelglatt, bitte streuen."}}},
    {"Fenster oder Tür defekt", "Fenster, Türen, Rollläden.", {R_TECH, -1}, 1,
	1, AUD_TENANT, 3,
	{{"Fenster schließt nicht", "Das Fenster im Wohnzimmer lässt sich "
				    "nicht mehr richtig schließen."},
	    {"Rollladen klemmt", "Der Rollladengurt ist gerissen, der "
				 "Rollladen bleibt unten."}}},
    {"Rohrverstopfung", "Abfluss, Toilette oder Spüle verstopft.",
	{R_TECH, R_HAUS}, 1, 1, AUD_TENANT, 3,
	{{"Spüle verstopft", "Der Abfluss in der Küche ist verstopft, auch ein "
			     "Pümpel hilft nicht."},
	    {"Dusche läuft nicht ab",
		"Das Wasser in der Dusche läuft kaum noch ab."}}},
    {"Stromausfall", "Strom oder Beleuchtung im Gemeinschaftsbereich.",
	{R_TECH, -1}, 1, 0, AUD_ANY, 2,
	{{"Kein Licht im Treppenhaus",
	     "Im Treppenhaus funktioniert die Beleuchtung nicht mehr."},
	    {"Stromausfall im Keller",
		"Im Keller ist seit gestern der Strom ausgefallen."}}},
    {"Frage zur Mietzahlung", "Miete, Lastschrift, Bankverbindung.",
	{R_BUCH, R_MIET}, 1, 1, AUD_TENANT, 3,
	{{"Mahnung trotz Zahlung", "Ich habe eine Mahnung erhalten, obwohl die "
				   "Miete pünktlich überwiesen wurde."},
	    {"Neue Bankverbindung",
		"Meine Bankverbindung hat sich geändert, bitte passen Sie das "
		"Lastschriftmandat an."}}},
    {"Mieterhöhung", "Fragen zu einer Mieterhöhung.", {R_MIET, R_RECHT}, 1, 1,
	AUD_TENANT, 1,
	{{"Frage zur Mieterhöhung", "Ich habe Fragen zur angekündigten "
				    "Mieterhöhung und zum Mietspiegel."},
	    {"Vergleichswohnungen", "Bitte erläutern Sie die "
				    "Vergleichswohnungen zur Mieterhöhung."}}},
    {"Kündigung", "Kündigung des Mietverhältnisses.", {R_MIET, R_VERM}, 1, 1,
	AUD_TENANT, 1,
	{{"Kündigung meiner Wohnung",
	     "Hiermit kündige ich das Mietverhältnis fristgerecht."},
	    {"Bestätigung der Kündigung",
		"Ich bitte um Bestätigung meiner Kündigung und einen "
		"Übergabetermin."}}},
    {"Wohnungsübergabe", "Übergabe und Abnahme (intern).", {R_VERM, R_TECH}, 0,
	1, AUD_TENANT, 1,
	{{"Übergabe vereinbaren",
	     "Die Wohnungsübergabe ist zu terminieren und zu protokollieren."},
	    {"Mängel bei Vorabnahme",
		"Bei der Vorabnahme sind Mängel aufgefallen."}}},
    {"Kautionsrückzahlung", "Abrechnung der Mietkaution.", {R_BUCH, R_MIET}, 1,
	1, AUD_TENANT, 1,
	{{"Kaution noch nicht erstattet",
	     "Ich bin vor Monaten ausgezogen und warte noch auf die Kaution."},
	    {"Abrechnung der Kaution",
		"Bitte senden Sie mir die Abrechnung der Mietkaution."}}},
    {"Eigentümerversammlung", "Anträge, Termine und Protokolle.", {R_WEG, -1},
	1, 0, AUD_OWNER, 2,
	{{"Antrag zur Eigentümerversammlung",
	     "Ich möchte einen Tagesordnungspunkt für die nächste Versammlung "
	     "anmelden."},
	    {"Protokoll der Versammlung",
		"Das Protokoll der letzten Versammlung liegt mir noch nicht "
		"vor."}}},
    {"Hausgeldabrechnung", "Fragen zu Hausgeld und Jahresabrechnung.",
	{R_WEG, R_BUCH}, 1, 1, AUD_OWNER, 2,
	{{"Verteilerschlüssel unklar", "Der Verteilerschlüssel der Abrechnung "
				       "ist für mich nicht nachvollziehbar."},
	    {"Hausgeld erhöht?",
		"Das Hausgeld wurde ohne Beschluss erhöht, bitte prüfen."}}},
    {"Sonderumlage", "Fragen zu beschlossenen Sonderumlagen.", {R_WEG, -1}, 1,
	0, AUD_OWNER, 1,
	{{"Ratenzahlung Sonderumlage",
	     "Ich bitte um Ratenzahlung für die beschlossene Sonderumlage."},
	    {"Sonderumlage Dachsanierung",
		"Wie setzt sich die Sonderumlage für das Dach zusammen?"}}},
    {"Beschlussumsetzung", "Umsetzung von WEG-Beschlüssen (intern).",
	{R_WEG, R_TECH}, 0, 0, AUD_OWNER, 1,
	{{"Beschluss umsetzen: Fassade",
	     "Der Beschluss zur Fassade ist umzusetzen, Angebote liegen vor."},
	    {"Angebote einholen", "Für die beschlossene Maßnahme sind drei "
				  "Angebote einzuholen."}}},
    {"Versicherungsfall", "Sturm, Glasbruch, Einbruch.", {R_VERS, R_SACH}, 1, 1,
	AUD_ANY, 2,
	{{"Sturmschaden",
	     "Durch den Sturm letzte Nacht wurden Dachziegel beschädigt."},
	    {"Glasbruch", "Die Scheibe der Haustür ist gesprungen."}}},
    {"Mietrechtliche Prüfung", "Abmahnung, Minderung, Klage (intern).",
	{R_RECHT, -1}, 0, 1, AUD_TENANT, 1,
	{{"Mietminderung prüfen",
	     "Die angekündigte Mietminderung ist rechtlich zu prüfen."},
	    {"Abmahnung prüfen",
		"Nach wiederholten Verstößen ist eine Abmahnung zu prüfen."}}},
    {"Mahnverfahren", "Mietrückstände (intern).", {R_BUCH, R_RECHT}, 0, 1,
	AUD_TENANT, 1,
	{{"Mietrückstand zwei Monate",
	     "Die Miete ist seit zwei Monaten rückständig."},
	    {"Zahlungserinnerung ohne Reaktion",
		"Auf die Zahlungserinnerung kam keine Reaktion."}}},
    {"Bescheinigung haushaltsnahe Dienstleistungen",
	"Nachweise nach § 35a EStG.", {R_NK, -1}, 1, 1, AUD_ANY, 2,
	{{"Bescheinigung für die Steuererklärung",
	     "Für meine Steuererklärung brauche ich die Bescheinigung über "
	     "haushaltsnahe Dienstleistungen."},
	    {"Bescheinigung fehlt", "Die Bescheinigung nach § 35a EStG lag der "
				    "Abrechnung nicht bei."}}},
    {"Wohnungsgeberbestätigung", "Bestätigung für das Bürgeramt.", {R_VERM, -1},
	1, 1, AUD_TENANT, 1,
	{{"Bestätigung für das Bürgeramt",
	     "Für die Anmeldung beim Bürgeramt brauche ich eine "
	     "Wohnungsgeberbestätigung."},
	    {"Anmeldung Mitbewohner", "Mein Partner zieht ein und braucht eine "
				      "Wohnungsgeberbestätigung."}}},
    {"Untervermietung", "Erlaubnis zur Untervermietung.", {R_MIET, -1}, 1, 1,
	AUD_TENANT, 1,
	{{"Untervermietung eines Zimmers",
	     "Ich möchte ein Zimmer für sechs Monate untervermieten."},
	    {"Zwischenmiete", "Während eines Auslandsaufenthalts möchte ich "
			      "die Wohnung zwischenvermieten."}}},
    {"Tierhaltung", "Zustimmung zur Tierhaltung.", {R_MIET, -1}, 1, 1,
	AUD_TENANT, 1,
	{{"Anfrage Hundehaltung",
	     "Wir möchten einen kleinen Hund halten und bitten um Zustimmung."},
	    {"Katzen anmelden",
		"Bitte genehmigen Sie die Haltung von zwei Katzen."}}},
    {"Bauliche Veränderung", "Wallbox, Balkonkraftwerk, Umbauten.",
	{R_OBJ, R_TECH}, 1, 1, AUD_ANY, 1,
	{{"Einbau einer Wallbox",
	     "Ich möchte am Stellplatz eine Wallbox installieren lassen."},
	    {"Balkonkraftwerk anbringen",
		"Ich möchte ein Balkonkraftwerk am Geländer anbringen."}}},
    {"Rauchwarnmelder", "Defekte Melder und Wartung.", {R_TECH, R_HAUS}, 1, 1,
	AUD_TENANT, 2,
	{{"Rauchmelder piept",
	     "Der Rauchwarnmelder im Flur piept in regelmäßigen Abständen."},
	    {"Wartungstermin verpasst",
		"Zum Wartungstermin der Rauchwarnmelder war ich leider nicht "
		"zu Hause."}}},
    {"Zählerablesung", "Ablesung und Heizkostenverteiler.", {R_NK, R_HAUS}, 1,
	1, AUD_TENANT, 2,
	{{"Ablesetermin verpasst", "Ich habe den Ablesetermin verpasst und "
				   "reiche die Zählerstände nach."},
	    {"Heizkostenverteiler defekt",
		"Der Heizkostenverteiler im Wohnzimmer zeigt nichts mehr "
		"an."}}},
    {"Grünflächenpflege", "Hecken, Rasen, Bäume.", {R_HAUS, R_OBJ}, 1, 0,
	AUD_ANY, 1,
	{{"Hecke nicht geschnitten",
	     "Die Hecke zum Gehweg wurde seit Monaten nicht geschnitten."},
	    {"Baum droht umzustürzen", "Ein Baum im Hof hat sich nach dem "
				       "Sturm bedrohlich geneigt."}}},
    {"Ungezieferbefall", "Mäuse, Schaben, Wespen.", {R_OBJ, R_TECH}, 1, 1,
	AUD_ANY, 1,
	{{"Mäuse im Keller",
	     "Im Keller sind Mäuse unterwegs, es gibt schon Fraßspuren."},
	    {"Wespennest am Balkon",
		"Am Balkon hat sich ein Wespennest gebildet."}}},
    {"Stellplatzanfrage", "Stellplätze und Fahrradkeller.", {R_VERM, -1}, 1, 0,
	AUD_TENANT, 1,
	{{"Tiefgaragenplatz gesucht",
	     "Ich suche einen Stellplatz in der Tiefgarage und frage, ob einer "
	     "frei ist."},
	    {"Fahrradstellplatz",
		"Gibt es im Haus abschließbare Fahrradstellplätze?"}}},
    {"Änderung der Kontaktdaten", "Telefon, E-Mail, Name.", {R_KS, -1}, 1, 1,
	AUD_ANY, 2,
	{{"Neue Telefonnummer", "Meine Telefonnummer hat sich geändert, bitte "
				"aktualisieren Sie Ihre Unterlagen."},
	    {"Namensänderung",
		"Nach meiner Heirat hat sich mein Nachname geändert."}}},
    {"Allgemeine Anfrage", "Alles, was sonst nirgends passt.", {R_KS, R_OBJ}, 1,
	1, AUD_ANY, 4,
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

static const struct {
	const char *name;
	int plz; /* first postal code of the city */
} cities[] = {{"Berlin", 10115}, {"Hamburg", 20095}, {"München", 80331},
    {"Köln", 50667}, {"Frankfurt am Main", 60311}, {"Stuttgart", 70173},
    {"Düsseldorf", 40210}, {"Leipzig", 4103}, {"Dortmund", 44135},
    {"Essen", 45127}, {"Bremen", 28195}, {"Dresden", 1067}, {"Hannover", 30159},
    {"Nürnberg", 90402}, {"Duisburg", 47051}, {"Bochum", 44787},
    {"Wuppertal", 42103}, {"Bielefeld", 33602}, {"Bonn", 53111},
    {"Münster", 48143}, {"Mannheim", 68159}, {"Karlsruhe", 76131},
    {"Augsburg", 86150}, {"Wiesbaden", 65183}, {"Mönchengladbach", 41061},
    {"Aachen", 52062}, {"Braunschweig", 38100}, {"Kiel", 24103},
    {"Chemnitz", 9111}, {"Halle (Saale)", 6108}, {"Magdeburg", 39104},
    {"Freiburg im Breisgau", 79098}, {"Mainz", 55116}, {"Lübeck", 23552},
    {"Erfurt", 99084}, {"Rostock", 18055}, {"Kassel", 34117},
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

/* ---- the generator's state --------------------------------------------- */

struct emp {
	int64_t id;
	char name[NAME_MAX];
};

struct prop {
	int64_t id;
	char name[NAME_MAX];
	uint32_t staff_off, n_staff;	      /* into gen.staff */
	uint32_t unit_off, n_units, n_living; /* living: not parking */
};

struct res {
	int64_t contact_id, unit_id;
	uint32_t prop, unit; /* indices into gen.props, gen.labels */
	uint16_t last;	     /* index into last_names */
	bool owner;
	char name[NAME_MAX];
};

struct gen {
	struct db_conn *c;
	const struct demo_scale_counts *k;
	struct demo_scale_totals *tot;
	const char *hash;
	FILE *log;
	uint64_t rng;
	int64_t now, start, org;
	int64_t role_ids[DEMO_SCALE_ROLES];
	int64_t type_ids[DEMO_SCALE_TYPES];
	int64_t type_roles[DEMO_SCALE_TYPES][2];
	const char *type_role_names[DEMO_SCALE_TYPES][2];
	size_t type_n_roles[DEMO_SCALE_TYPES];
	int type_wsum;
	struct emp *emps;
	struct route_admin *admins;
	struct prop *props;
	struct route_staff *staff;
	size_t n_staff, cap_staff;
	int64_t *unit_ids;
	char (*labels)[LABEL_MAX];
	struct res *res;
	size_t n_res;
	uint32_t *tenants, *owners;
	size_t n_tenants, n_owners;
};

/* xorshift64*: fast, good enough, and the same sequence on every run. */
static uint64_t
rnd(struct gen *g)
{
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return g->rng * 2685821657736338717ull;
}

/* Uniform in [0, n); n > 0. */
static uint64_t
below(struct gen *g, uint64_t n)
{
	return (rnd(g) >> 11) % n;
}

/* True with probability pct percent. */
static bool
chance(struct gen *g, unsigned pct)
{
	return below(g, 100) < pct;
}

static double
unit_real(struct gen *g)
{
	return (double)(rnd(g) >> 11) / 9007199254740992.0;
}

/* Lower-case ASCII for e-mail addresses: "Müller" -> "mueller". */
static void
ascii_lower(const char *s, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *rep;
	size_t o = 0;

	while (*p && o + 3 < n) {
		rep = NULL;
		if (*p == 0xc3 && p[1]) {
			switch (p[1]) {
			case 0xa4:
			case 0x84:
				rep = "ae";
				break;
			case 0xb6:
			case 0x96:
				rep = "oe";
				break;
			case 0xbc:
			case 0x9c:
				rep = "ue";
				break;
			case 0x9f:
				rep = "ss";
				break;
			case 0xa7:
				rep = "c";
				break;
			}
			p += 2;
		} else if ((*p == 0xc4 && p[1] == 0xb1) ||
			   (*p == 0xc5 && p[1] == 0x9f)) {
			rep = *p == 0xc4 ? "i" : "s";
			p += 2;
		} else if (*p < 0x80) {
			if (isalnum(*p) || *p == '-')
				out[o++] = (char)tolower(*p);
			p++;
			continue;
		} else {
			p++;
			continue;
		}
		while (rep != NULL && *rep && o + 1 < n)
			out[o++] = *rep++;
	}
	out[o] = '\0';
}

/*
 * A person: "Frau Anna Becker" into name, and the address
 * "a.becker.<seq>@<domain>" into email. last is the index of the last
 * name, or -1 to choose one; it is returned. name has NAME_MAX bytes,
 * email EMAIL_MAX.
 */
static int
person(struct gen *g, int last, int64_t seq, const char *domain, char *name,
    char *email)
{
	bool female = chance(g, 50);
	const char *first = female ? first_f[below(g, COUNT(first_f))]
				   : first_m[below(g, COUNT(first_m))];
	char a[4], b[40];

	if (last < 0)
		last = (int)below(g, COUNT(last_names));
	snprintf(name, NAME_MAX, "%s %s %s", female ? "Frau" : "Herr", first,
	    last_names[last]);
	ascii_lower(first, a, sizeof(a));
	a[1] = '\0';
	ascii_lower(last_names[last], b, sizeof(b));
	snprintf(
	    email, EMAIL_MAX, "%s.%s.%lld@%s", a, b, (long long)seq, domain);
	return last;
}

/* x >= 0 rounded to the nearest integer. */
static int64_t
round_pos(double x)
{
	return (int64_t)(x + 0.5);
}

/* Splits total over n parts in proportion to w (all > 0); every part
 * gets at least one when total >= n. */
static void
split(const double *w, size_t n, int64_t total, uint32_t *out)
{
	int64_t base = total >= (int64_t)n ? 1 : 0;
	int64_t rest = total - base * (int64_t)n, prev = 0, cur;
	double sum = 0, acc = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += w[i];
	for (i = 0; i < n; i++) {
		acc += w[i];
		cur = i + 1 == n ? rest : round_pos((double)rest * acc / sum);
		if (cur < prev)
			cur = prev;
		if (cur > rest)
			cur = rest;
		out[i] = (uint32_t)(base + cur - prev);
		prev = cur;
	}
}

/* ---- organisation, roles, employees, types ----------------------------- */

/* Employees who may hold roles: all but the admins when there are enough
 * of them, else everyone (tiny scales). */
static size_t
holders_first(const struct gen *g)
{
	size_t e = (size_t)g->k->employees, a = (size_t)g->k->admins;

	return e - a >= DEMO_SCALE_ROLES ? a : 0;
}

/* How many employees hold role r somewhere (their portfolios split the
 * properties), and the index of the j-th. */
static size_t
holders_count(const struct gen *g, int r)
{
	size_t f = holders_first(g), e = (size_t)g->k->employees;

	if (e - f < DEMO_SCALE_ROLES)
		return 1;
	return (e - f - (size_t)r + DEMO_SCALE_ROLES - 1) / DEMO_SCALE_ROLES;
}

static size_t
holder(const struct gen *g, int r, size_t j)
{
	size_t f = holders_first(g), e = (size_t)g->k->employees;

	if (e - f < DEMO_SCALE_ROLES)
		return f + (size_t)r % (e - f);
	return f + (size_t)r + j * DEMO_SCALE_ROLES;
}

static enum hd_status
gen_org(struct gen *g)
{
	char email[EMAIL_MAX], name[NAME_MAX];
	enum hd_status st = HD_OK;
	bool created;
	int64_t i;
	int r;

	st = store_org_ensure(g->c, DEMO_SCALE_ORG, DEMO_SCALE_ADMIN,
	    "Frau Claudia Brandt", g->hash, &g->org, &created);
	if (st == HD_OK && !created)
		st = HD_ECONFLICT;
	for (r = 0; r < DEMO_SCALE_ROLES && st == HD_OK; r++)
		st = db_insert(g->c, &g->role_ids[r],
		    "INSERT INTO roles(org_id, name, description) VALUES "
		    "(?, ?, ?)",
		    "itt", g->org, roles[r].name, roles[r].desc);
	if (st != HD_OK)
		return st;
	g->emps = calloc((size_t)g->k->employees, sizeof(*g->emps));
	g->admins = calloc((size_t)g->k->admins, sizeof(*g->admins));
	if (g->emps == NULL || g->admins == NULL)
		return HD_ENOMEM;
	st = db_scalar(g->c, &g->emps[0].id,
	    "SELECT id FROM users WHERE lower(email) = lower(?)", "t",
	    DEMO_SCALE_ADMIN);
	hd_strlcpy(g->emps[0].name, "Frau Claudia Brandt", NAME_MAX);
	for (i = 1; i < g->k->employees && st == HD_OK; i++) {
		person(g, -1, i, "muster.example", name, email);
		hd_strlcpy(g->emps[i].name, name, NAME_MAX);
		st = db_insert(g->c, &g->emps[i].id,
		    "INSERT INTO users(org_id, kind, name, email, is_admin, "
		    "password_hash, created_at) VALUES (?, 'employee', ?, ?, "
		    "?, ?, ?)",
		    "ittbti", g->org, name, email, (int)(i < g->k->admins),
		    g->hash, g->start - 400 * DAY);
	}
	for (i = 0; i < g->k->admins; i++)
		g->admins[i] =
		    (struct route_admin){g->emps[i].id, true, g->emps[i].name};
	return st;
}

static enum hd_status
gen_types(struct gen *g)
{
	enum hd_status st = HD_OK;
	size_t t, j;

	for (t = 0; t < COUNT(ptypes) && st == HD_OK; t++) {
		const struct ptype_def *d = &ptypes[t];

		st = db_insert(g->c, &g->type_ids[t],
		    "INSERT INTO process_types(org_id, name, description, "
		    "portal) VALUES (?, ?, ?, ?)",
		    "ittb", g->org, d->name, d->desc, (int)d->portal);
		for (j = 0; j < 2 && st == HD_OK && d->role[j] >= 0; j++) {
			g->type_roles[t][j] = g->role_ids[d->role[j]];
			g->type_role_names[t][j] = roles[d->role[j]].name;
			g->type_n_roles[t] = j + 1;
			st = db_exec(g->c,
			    "INSERT INTO process_type_roles(type_id, role_id, "
			    "position) VALUES (?, ?, ?)",
			    "iii", g->type_ids[t], g->type_roles[t][j],
			    (int64_t)j);
		}
		g->type_wsum += d->weight;
	}
	return st;
}

/* ---- properties, units, staff ------------------------------------------ */

static enum hd_status
add_staff(struct gen *g, struct prop *p, size_t emp, int r)
{
	struct route_staff *s;

	if (g->n_staff == g->cap_staff) {
		g->cap_staff = g->cap_staff ? g->cap_staff * 2 : 1024;
		s = realloc(g->staff, g->cap_staff * sizeof(*s));
		if (s == NULL)
			return HD_ENOMEM;
		g->staff = s;
	}
	g->staff[g->n_staff++] = (struct route_staff){g->emps[emp].id,
	    g->role_ids[r], true, g->emps[emp].name, roles[r].name};
	p->n_staff++;
	g->tot->staff++;
	return db_exec(g->c,
	    "INSERT INTO staff(org_id, property_id, employee_id, role_id) "
	    "VALUES (?, ?, ?, ?)",
	    "iiii", g->org, p->id, g->emps[emp].id, g->role_ids[r]);
}

/*
 * The Zuständigkeiten at property pi: each role's portfolio holder, a
 * second one at some properties, a third at a few; at one property in a
 * hundred a few roles have nobody.
 */
static enum hd_status
gen_staff(struct gen *g, size_t pi)
{
	struct prop *p = &g->props[pi];
	enum hd_status st = HD_OK;
	unsigned gaps = 0, bit;
	size_t nh, j, want = pi % 100 == 7 ? 2 + pi / 100 % 3 : 0;
	int r;

	p->staff_off = (uint32_t)g->n_staff;
	while (want > 0) {
		bit = 1u << below(g, DEMO_SCALE_ROLES);
		if (!(gaps & bit)) {
			gaps |= bit;
			want--;
		}
	}
	for (r = 0; r < DEMO_SCALE_ROLES && st == HD_OK; r++) {
		if (gaps & (1u << r))
			continue;
		nh = holders_count(g, r);
		j = pi * nh / (size_t)g->k->properties;
		st = add_staff(g, p, holder(g, r, j), r);
		if (st == HD_OK && nh > 1 && chance(g, 12)) {
			st = add_staff(g, p, holder(g, r, (j + 1) % nh), r);
			if (st == HD_OK && nh > 2 && chance(g, 25))
				st = add_staff(
				    g, p, holder(g, r, (j + 2) % nh), r);
		}
	}
	return st;
}

static enum hd_status
add_unit(struct gen *g, struct prop *p, const char *label, const char *kind)
{
	size_t u = p->unit_off + p->n_units++;
	enum hd_status st;

	hd_strlcpy(g->labels[u], label, LABEL_MAX);
	st = db_insert(g->c, &g->unit_ids[u],
	    "INSERT INTO units(org_id, property_id, label, kind) VALUES "
	    "(?, ?, ?, ?)",
	    "iitt", g->org, p->id, label, kind);
	return st;
}

/* Where on its floor a flat is, for up to four flats a floor. */
static const char *
side(uint32_t per, uint32_t k)
{
	static const char *const sides[][4] = {{""}, {"links", "rechts"},
	    {"links", "Mitte", "rechts"},
	    {"links", "Mitte links", "Mitte rechts", "rechts"}};

	return per >= 2 && per <= 4 ? sides[per - 1][k] : "";
}

/* n units: apartments floor by floor on 4 to 6 levels, a shop or two,
 * parking last. */
static enum hd_status
gen_units(struct gen *g, struct prop *p, uint32_t n)
{
	uint32_t park = n >= 12 && chance(g, 35) ? n / 6 : 0;
	uint32_t shops =
	    n >= 8 && chance(g, 25) ? 1 + (uint32_t)below(g, 2) : 0;
	uint32_t flats = n - park - shops, levels = 4 + (uint32_t)below(g, 3);
	uint32_t per = (flats + levels - 1) / levels, i, fl;
	bool tg = chance(g, 50);
	enum hd_status st = HD_OK;
	char label[LABEL_MAX], floor[16];

	if (per < 2)
		per = 2;
	for (i = 0; i < flats && st == HD_OK; i++) {
		fl = (shops ? 1 : 0) + i / per;
		if (fl == 0)
			hd_strlcpy(floor, "EG", sizeof(floor));
		else
			snprintf(floor, sizeof(floor), "%u. OG", fl);
		snprintf(label, sizeof(label), "Whg. %u, %s%s%s", i + 1, floor,
		    per <= 4 ? " " : "", side(per, i % per));
		st = add_unit(g, p, label, "apartment");
	}
	for (i = 0; i < shops && st == HD_OK; i++) {
		snprintf(label, sizeof(label), "Gewerbe %u, EG", i + 1);
		st = add_unit(g, p, label, "commercial");
	}
	p->n_living = p->n_units;
	for (i = 0; i < park && st == HD_OK; i++) {
		snprintf(label, sizeof(label), "%s %u",
		    tg ? "TG-Stellplatz" : "Stellplatz", i + 1);
		st = add_unit(g, p, label, "parking");
	}
	return st;
}

static enum hd_status
gen_properties(struct gen *g, const uint32_t *units)
{
	size_t n = (size_t)g->k->properties, i, c;
	enum hd_status st = HD_OK;
	char ext[24], plz[8], name[NAME_MAX];
	uint32_t off = 0;
	int64_t nr;

	for (i = 0; i < n && st == HD_OK; i++) {
		struct prop *p = &g->props[i];

		/* Unique names: each street's numbers keep rising. */
		nr = (int64_t)(i / COUNT(streets)) * 3 + 1 +
		     (int64_t)below(g, 3);
		snprintf(name, sizeof(name), "%s %lld",
		    streets[i % COUNT(streets)], (long long)nr);
		c = below(g, COUNT(cities));
		snprintf(plz, sizeof(plz), "%05d",
		    cities[c].plz + (int)below(g, 60));
		snprintf(ext, sizeof(ext), "L-%06zu", i + 1);
		hd_strlcpy(p->name, name, sizeof(p->name));
		st = db_insert(g->c, &p->id,
		    "INSERT INTO properties(org_id, name, street, postal_code, "
		    "city, external_id, created_at) VALUES (?, ?, ?, ?, ?, ?, "
		    "?)",
		    "ittttti", g->org, name, name, plz, cities[c].name, ext,
		    g->start - 380 * DAY);
		p->unit_off = off;
		off += units[i];
		if (st == HD_OK)
			st = gen_units(g, p, units[i]);
		if (st == HD_OK)
			st = gen_staff(g, i);
	}
	return st;
}

/* ---- tenants and owners ------------------------------------------------ */

static enum hd_status
add_resident(struct gen *g, size_t pi, uint32_t j, int last, bool owner)
{
	struct prop *p = &g->props[pi];
	struct res *r = &g->res[g->n_res];
	int64_t seq = (int64_t)g->n_res + 1;
	char email[EMAIL_MAX], phone[24];
	uint32_t u = p->unit_off + j % (p->n_living ? p->n_living : 1);
	enum hd_status st;

	r->last = (uint16_t)person(g, last, seq,
	    owner ? "eigentuemer.example" : "mieter.example", r->name, email);
	snprintf(phone, sizeof(phone), "01%u %07u", 50 + (unsigned)below(g, 30),
	    (unsigned)below(g, 10000000));
	r->prop = (uint32_t)pi;
	r->owner = owner;
	r->unit = u;
	r->unit_id = p->n_units ? g->unit_ids[u] : 0;
	st = db_insert(g->c, &r->contact_id,
	    "INSERT INTO users(org_id, kind, name, email, phone, "
	    "password_hash, created_at) VALUES (?, 'contact', ?, ?, ?, ?, ?)",
	    "itttti", g->org, r->name, email, chance(g, 60) ? phone : NULL,
	    g->hash, g->start - 200 * DAY);
	if (st == HD_OK)
		st = db_exec(g->c,
		    "INSERT INTO residents(org_id, property_id, contact_id, "
		    "unit_id, relation, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		    "iiiIti", g->org, p->id, r->contact_id, r->unit_id,
		    owner ? "owner" : "tenant", g->start - 200 * DAY);
	if (owner)
		g->owners[g->n_owners++] = (uint32_t)g->n_res;
	else
		g->tenants[g->n_tenants++] = (uint32_t)g->n_res;
	g->n_res++;
	g->tot->residents++;
	return st;
}

/*
 * The contacts of property pi, one per living unit first (owners in a
 * WEG, tenants otherwise), then partners and co-owners, often with the
 * same last name.
 */
static enum hd_status
gen_residents(struct gen *g, size_t pi, uint32_t n)
{
	const struct prop *p = &g->props[pi];
	uint32_t living = p->n_living ? p->n_living : 1, j;
	size_t first = g->n_res;
	enum hd_status st = HD_OK;
	bool weg = chance(g, 25), owner;
	int last;

	for (j = 0; j < n && st == HD_OK; j++) {
		last = -1;
		if (j >= living) {
			owner = weg ? chance(g, 20) : chance(g, 10);
			if (chance(g, 70))
				last = g->res[first + j % living].last;
		} else
			owner = weg;
		st = add_resident(g, pi, j, last, owner);
	}
	return st;
}

/* ---- Vorgänge ---------------------------------------------------------- */

static size_t
pick_type(struct gen *g)
{
	int w = (int)below(g, (uint64_t)g->type_wsum);
	size_t t;

	for (t = 0; t < COUNT(ptypes) - 1; t++)
		if ((w -= ptypes[t].weight) < 0)
			break;
	return t;
}

static const struct res *
pick_reporter(struct gen *g, int audience)
{
	if (audience == AUD_OWNER && g->n_owners > 0)
		return &g->res[g->owners[below(g, g->n_owners)]];
	if (audience == AUD_TENANT && g->n_tenants > 0)
		return &g->res[g->tenants[below(g, g->n_tenants)]];
	return &g->res[below(g, g->n_res)];
}

/* Status of Vorgang i (of n, created at t): open for the newest, mostly
 * done for the old; *done is when it changed (0: never). */
static enum hd_pstatus
pick_status(struct gen *g, int64_t i, int64_t t, int64_t *done)
{
	static const enum hd_pstatus active[] = {
	    HD_PS_IN_PROGRESS, HD_PS_WAITING};
	int64_t n = g->k->processes, delay;
	enum hd_pstatus st;
	unsigned x;

	if (i >= n - n / 20) {
		x = (unsigned)below(g, 100);
		st = x < 55   ? HD_PS_OPEN
		     : x < 85 ? HD_PS_IN_PROGRESS
			      : HD_PS_WAITING;
		delay = 600 + (int64_t)below(g, 3 * DAY);
	} else {
		x = (unsigned)below(g, 1000);
		if (x < (g->now - t < 180 * DAY ? 30u : 5u))
			st = active[below(g, 2)];
		else
			st = x < 400 ? HD_PS_RESOLVED : HD_PS_CLOSED;
		/* Most are done within days, some take weeks. */
		delay = 1800 + (int64_t)(below(g, 21 * DAY) * unit_real(g));
	}
	*done = 0;
	if (st != HD_PS_OPEN)
		*done = t + delay < g->now ? t + delay : g->now;
	return st;
}

struct vorgang {
	int64_t id, t, done, updated;
	size_t type;
	const struct res *rep;
	const struct prop *prop;
	enum hd_pstatus status;
	int64_t creator;
	const char *creator_name;
	bool portal; /* filed by the reporter in the portal */
	int n_comments, variant;
	struct route_result route;
	char number[HD_NUMBER_MAX];
	char description[768];
};

static void
describe(struct gen *g, struct vorgang *v)
{
	const struct ptype_def *d = &ptypes[v->type];
	const char *detail = d->text[v->variant][1];
	const char *sign = strchr(v->rep->name, ' ');
	char where[160];

	if (d->unit && v->rep->unit_id)
		snprintf(where, sizeof(where), "Betroffen: %s, %s.",
		    g->labels[v->rep->unit], v->prop->name);
	else
		snprintf(where, sizeof(where), "Es betrifft das Haus %s.",
		    v->prop->name);
	if (v->portal)
		snprintf(v->description, sizeof(v->description),
		    "%s %s %s\n\nMit freundlichen Grüßen\n%s", detail, where,
		    closers[below(g, COUNT(closers))],
		    sign ? sign + 1 : v->rep->name);
	else
		snprintf(v->description, sizeof(v->description),
		    "%s %s\n\n%s: %s", detail, where,
		    d->portal ? "Telefonisch gemeldet von" : "Kontakt",
		    v->rep->name);
}

static enum hd_status
history(struct gen *g, int64_t id, int64_t at, const char *event,
    const char *text, int64_t actor)
{
	g->tot->history++;
	return db_exec(g->c,
	    "INSERT INTO history(process_id, id, at, event, text, actor_id) "
	    "VALUES (?1, " HISTORY_NEXT_ID ", ?2, ?3, ?4, ?5)",
	    "iittI", id, at, event, text, actor);
}

/* One of the Vorgang's assignees at random; NULL when it has none. */
static const struct route_assignee *
some_assignee(struct gen *g, const struct vorgang *v)
{
	return v->route.n ? &v->route.items[below(g, v->route.n)] : NULL;
}

static enum hd_status
comments(struct gen *g, const struct vorgang *v)
{
	const struct route_assignee *a;
	int64_t end = v->done ? v->done : g->now, at, author;
	enum hd_status st = HD_OK;
	const char *body;
	bool internal;
	int j;

	for (j = 0; j < v->n_comments && st == HD_OK; j++) {
		at = v->t + (end - v->t) * (j + 1) / (v->n_comments + 1);
		internal = false;
		if (chance(g, 55)) {
			a = some_assignee(g, v);
			author = a ? a->employee_id : g->admins[0].employee_id;
			internal = chance(g, 35);
			body = internal
				   ? c_internal[below(g, COUNT(c_internal))]
				   : c_staff[below(g, COUNT(c_staff))];
		} else {
			author = v->rep->contact_id;
			body = c_reporter[below(g, COUNT(c_reporter))];
		}
		g->tot->comments++;
		st = db_exec(g->c,
		    "INSERT INTO comments(process_id, author_id, body, "
		    "internal, created_at) VALUES (?, ?, ?, ?, ?)",
		    "iitbi", v->id, author, body, (int)internal, at);
	}
	return st;
}

/* Writes history and assignees the way store_process_create does. */
static enum hd_status
trail(struct gen *g, const struct vorgang *v)
{
	const struct route_assignee *a;
	enum hd_status st;
	char text[ROUTE_REASON_MAX + 64];
	size_t i;

	snprintf(text, sizeof(text), "Vorgang angelegt von %s%s",
	    v->creator_name, v->portal ? " im Kundenportal" : "");
	st = history(g, v->id, v->t, "created", text, v->creator);
	if (st == HD_OK && v->route.n == 0)
		st = history(
		    g, v->id, v->t, "unrouted", v->route.why_unrouted, 0);
	for (i = 0; i < v->route.n && st == HD_OK; i++) {
		a = &v->route.items[i];
		g->tot->assignees++;
		st = db_exec(g->c,
		    "INSERT INTO process_assignees(process_id, employee_id, "
		    "role_id, reason, status) VALUES (?, ?, ?, ?, ?)",
		    "iiItt", v->id, a->employee_id, a->role_id, a->reason,
		    hd_pstatus_name(v->status));
		if (st == HD_OK)
			st = history(g, v->id, v->t, "routed", a->reason, 0);
	}
	if (st == HD_OK && v->status != HD_PS_OPEN) {
		a = v->route.n ? &v->route.items[0] : NULL;
		snprintf(text, sizeof(text), "Status: %s → %s (%s)",
		    hd_pstatus_label(HD_PS_OPEN), hd_pstatus_label(v->status),
		    a ? a->employee_name : g->admins[0].name);
		st = history(g, v->id, v->done, "status", text,
		    a ? a->employee_id : g->admins[0].employee_id);
	}
	return st == HD_OK ? comments(g, v) : st;
}

/* Routes with the server's rules on the in-memory Zuständigkeiten. */
static enum hd_status
route(struct gen *g, struct vorgang *v)
{
	struct route_input in = {0};

	in.property_name = v->prop->name;
	in.type_role_ids = g->type_roles[v->type];
	in.type_role_names = g->type_role_names[v->type];
	in.n_type_roles = g->type_n_roles[v->type];
	in.staff = g->staff + v->prop->staff_off;
	in.n_staff = v->prop->n_staff;
	in.admins = g->admins;
	in.n_admins = (size_t)g->k->admins;
	return route_compute(&in, &v->route);
}

/* Vorgang i, created at t with number seq of its year. */
static enum hd_status
gen_process(struct gen *g, int64_t i, int64_t t, int year, int64_t seq)
{
	const struct route_staff *s;
	struct vorgang v = {0};
	const struct ptype_def *d;
	enum hd_status st;

	v.t = t;
	v.type = pick_type(g);
	v.variant = (int)below(g, 2);
	d = &ptypes[v.type];
	v.rep = pick_reporter(g, d->audience);
	v.prop = &g->props[v.rep->prop];
	if ((st = route(g, &v)) != HD_OK)
		return st;
	v.portal = d->portal && !chance(g, 20);
	if (v.portal) {
		v.creator = v.rep->contact_id;
		v.creator_name = v.rep->name;
	} else if (v.prop->n_staff > 0) {
		s = &g->staff[v.prop->staff_off + below(g, v.prop->n_staff)];
		v.creator = s->employee_id;
		v.creator_name = s->employee_name;
	} else {
		v.creator = g->admins[0].employee_id;
		v.creator_name = g->admins[0].name;
	}
	v.status = pick_status(g, i, t, &v.done);
	v.n_comments = chance(g, 30) ? 1 + (int)below(g, 3) / 2 : 0;
	v.updated = v.done > t ? v.done : t;
	if (v.n_comments > 0 && !v.done)
		v.updated =
		    t + (g->now - t) * v.n_comments / (v.n_comments + 1);
	describe(g, &v);
	hd_process_number(year, seq, v.number, sizeof(v.number));
	st = db_insert(g->c, &v.id,
	    "INSERT INTO processes(org_id, number, type_id, property_id, "
	    "unit_id, reporter_kind, reporter_id, created_by, subject, "
	    "description, status, unrouted, created_at, updated_at) VALUES "
	    "(?, ?, ?, ?, ?, 'contact', ?, ?, ?, ?, ?, ?, ?, ?)",
	    "itiiIiitttbii", g->org, v.number, g->type_ids[v.type], v.prop->id,
	    d->unit ? v.rep->unit_id : 0, v.rep->contact_id, v.creator,
	    d->text[v.variant][0], v.description, hd_pstatus_name(v.status),
	    (int)v.route.unrouted, t, v.updated);
	g->tot->unrouted += v.route.unrouted;
	if (st == HD_OK)
		st = trail(g, &v);
	route_result_cleanup(&v.route);
	return st;
}

static enum hd_status
counter(struct gen *g, int year, int64_t last)
{
	return db_exec(g->c,
	    "INSERT INTO process_counters(org_id, year, last) VALUES (?, ?, ?) "
	    "ON CONFLICT(org_id, year) DO UPDATE SET last = CASE WHEN "
	    "excluded.last > process_counters.last THEN excluded.last ELSE "
	    "process_counters.last END",
	    "iii", g->org, (int64_t)year, last);
}

/* The Vorgänge, oldest first, evenly over five years up to now. */
static enum hd_status
gen_processes(struct gen *g, int64_t t0_ms)
{
	int64_t n = g->k->processes, i, t, seq = 0;
	double step = (double)SPAN / (double)n;
	enum hd_status st = HD_OK;
	int year = 0, y;

	for (i = 0; i < n && st == HD_OK; i++) {
		t = g->start + (int64_t)(((double)i + unit_real(g)) * step);
		if (t > g->now)
			t = g->now;
		if ((y = hd_time_year(t)) != year) {
			if (year != 0)
				st = counter(g, year, seq);
			year = y;
			seq = 0;
		}
		if (st == HD_OK)
			st = gen_process(g, i, t, year, ++seq);
		if (st == HD_OK && (i + 1) % BATCH == 0 && i + 1 < n) {
			if ((st = db_commit(g->c)) == HD_OK)
				st = db_begin(g->c);
		}
		if (g->log && (i + 1) % PROGRESS == 0)
			fprintf(g->log, "  %lld / %lld Vorgänge (%.1f s)\n",
			    (long long)(i + 1), (long long)n,
			    (double)(hd_mono_ms() - t0_ms) / 1000.0);
	}
	if (st == HD_OK && year != 0)
		st = counter(g, year, seq);
	return st;
}

/* ---- driver ------------------------------------------------------------ */

static void
gen_cleanup(struct gen *g)
{
	free(g->emps);
	free(g->admins);
	free(g->props);
	free(g->staff);
	free(g->unit_ids);
	free(g->labels);
	free(g->res);
	free(g->tenants);
	free(g->owners);
}

/* Properties, units and residents, sized by random weights. */
static enum hd_status
gen_places(struct gen *g)
{
	size_t n = (size_t)g->k->properties, i, nc = (size_t)g->k->contacts;
	uint32_t *units = calloc(n, sizeof(*units));
	uint32_t *contacts = calloc(n, sizeof(*contacts));
	double *w = calloc(n, sizeof(*w));
	enum hd_status st = HD_ENOMEM;

	g->props = calloc(n, sizeof(*g->props));
	g->unit_ids = calloc((size_t)g->k->units, sizeof(*g->unit_ids));
	g->labels = calloc((size_t)g->k->units, sizeof(*g->labels));
	g->res = calloc(nc, sizeof(*g->res));
	g->tenants = calloc(nc, sizeof(*g->tenants));
	g->owners = calloc(nc, sizeof(*g->owners));
	if (!units || !contacts || !w || !g->props || !g->unit_ids ||
	    !g->labels || !g->res || !g->tenants || !g->owners)
		goto out;
	for (i = 0; i < n; i++)
		w[i] = 0.3 + 1.4 * unit_real(g);
	split(w, n, g->k->units, units);
	if ((st = gen_properties(g, units)) != HD_OK)
		goto out;
	for (i = 0; i < n; i++)
		w[i] =
		    (double)(g->props[i].n_living ? g->props[i].n_living : 1);
	split(w, n, g->k->contacts, contacts);
	for (i = 0; i < n && st == HD_OK; i++)
		st = gen_residents(g, i, contacts[i]);
out:
	free(units);
	free(contacts);
	free(w);
	return st;
}

enum hd_status
demo_scale_generate(struct db_conn *c, const struct demo_scale_counts *k,
    const char *password_hash, FILE *log, struct demo_scale_totals *tot)
{
	struct gen g = {0};
	int64_t t0 = hd_mono_ms();
	enum hd_status st, st2;

	memset(tot, 0, sizeof(*tot));
	g.c = c;
	g.k = k;
	g.tot = tot;
	g.hash = password_hash;
	g.log = log;
	g.rng = 0x9e3779b97f4a7c15ull;
	g.now = hd_now();
	g.start = g.now - SPAN;
	/* Generated data is reproducible: losing it to a crash costs a
	 * rerun, so no fsyncs and a big cache while writing. */
	if ((st = db_tune(c, DB_TUNE_BULK)) != HD_OK)
		return st;
	if ((st = db_begin(c)) != HD_OK)
		goto out;
	st = gen_org(&g);
	tot->org_id = g.org;
	if (st == HD_OK)
		st = gen_types(&g);
	if (st == HD_OK)
		st = gen_places(&g);
	if (st == HD_OK && log)
		fprintf(log,
		    "  %lld properties, %lld units, %zu contacts (%.1f s)\n",
		    (long long)k->properties, (long long)k->units, g.n_res,
		    (double)(hd_mono_ms() - t0) / 1000.0);
	if (st == HD_OK)
		st = gen_processes(&g, t0);
	if (st == HD_OK)
		st = db_commit(c);
	else
		db_rollback(c);
	if (st == HD_OK)
		st = db_tune(c, DB_TUNE_ANALYZE);
out:
	st2 = db_tune(c, DB_TUNE_NORMAL);
	gen_cleanup(&g);
	return st != HD_OK ? st : st2;
}

/* ---- parameters -------------------------------------------------------- */

bool
demo_scale_parse(const char *s, double *out)
{
	size_t i, dots = 0;
	char *end;
	double v;

	/* Digits and one dot only: no sign, exponent, hex, inf or nan. */
	if (s == NULL || s[0] == '\0' || strlen(s) > 16 || s[0] == '.')
		return false;
	for (i = 0; s[i]; i++) {
		if (s[i] == '.')
			dots++;
		else if (s[i] < '0' || s[i] > '9')
			return false;
	}
	if (dots > 1)
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || v <= 0 ||
	    v > DEMO_SCALE_MAX)
		return false;
	*out = v;
	return true;
}

static int64_t
scaled(double n, double base, int64_t min)
{
	int64_t v = round_pos(n * base);

	return v < min ? min : v;
}

void
demo_scale_counts(double n, struct demo_scale_counts *out)
{
	out->admins = scaled(n, 5, 1);
	out->employees = scaled(n, 300, out->admins);
	out->properties = scaled(n, 2000, 1);
	out->units = scaled(n, 60000, out->properties);
	out->contacts = scaled(n, 90000, out->properties);
	out->processes = scaled(n, 1000000, 1);
}

/* ---- tokens for the benchmark ------------------------------------------ */

struct ids {
	int64_t *v;
	size_t n, cap;
};

static bool
ids_push(struct ids *a, int64_t x)
{
	int64_t *p;

	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		if ((p = realloc(a->v, a->cap * sizeof(*p))) == NULL)
			return false;
		a->v = p;
	}
	a->v[a->n++] = x;
	return true;
}

/* Appends the rows of st (all integer columns, ncol of them), and ends
 * it. */
static enum hd_status
ids_query(struct db_stmt *st, int ncol, struct ids *a)
{
	enum hd_status s = HD_OK, e;
	int i;

	while (s == HD_OK && db_step(st))
		for (i = 0; i < ncol && s == HD_OK; i++)
			if (!ids_push(a, db_col_i64(st, i)))
				s = HD_ENOMEM;
	e = db_end(st);
	return s != HD_OK ? s : e;
}

/* A new token for user uid, stored hashed; the token into tok. */
static enum hd_status
new_token(struct db_conn *c, int64_t org, int64_t uid, char *tok)
{
	char hash[HD_HASH_MAX];
	int64_t id;

	hd_token_new(tok);
	hd_token_hash(tok, hash);
	return store_apitoken_create(c, org, uid, "benchmark", hash, 0, &id);
}

/* Up to READS_PER_EMPLOYEE Vorgänge assigned to uid, at random. */
static enum hd_status
write_reads(
    struct db_conn *c, struct gen *g, int64_t uid, const char *tok, FILE *f)
{
	struct ids a = {0};
	struct db_stmt *st;
	enum hd_status s;
	size_t i, j;
	int64_t x;

	st = db_prepare(c, "SELECT process_id FROM process_assignees "
			   "WHERE employee_id = ?");
	db_bind(st, "i", uid);
	s = ids_query(st, 1, &a);
	for (i = 0; s == HD_OK && i < a.n && i < READS_PER_EMPLOYEE; i++) {
		j = i + below(g, a.n - i);
		x = a.v[j];
		a.v[j] = a.v[i];
		a.v[i] = x;
		fprintf(f, "%s\t%lld\n", tok, (long long)x);
	}
	free(a.v);
	return s;
}

static enum hd_status
write_tokens(struct db_conn *c, int64_t org, FILE *f, FILE *fr)
{
	struct ids ten = {0}, emp = {0};
	struct gen g = {0};
	char tok[HD_TOKEN_MAX];
	struct db_stmt *st;
	enum hd_status s;
	size_t i, n, step;

	g.rng = 0x2545f4914f6cdd1dull;
	st = db_prepare(c, "SELECT r.contact_id, r.property_id, "
			   "coalesce(r.unit_id, 0) FROM residents r "
			   "JOIN users u ON u.id = r.contact_id "
			   "WHERE r.org_id = ? AND r.relation = 'tenant' "
			   "AND u.active = 1 ORDER BY r.id");
	db_bind(st, "i", org);
	if ((s = ids_query(st, 3, &ten)) != HD_OK)
		goto out;
	st = db_prepare(c, "SELECT id FROM users WHERE org_id = ? AND "
			   "kind = 'employee' AND active = 1 ORDER BY id");
	db_bind(st, "i", org);
	if ((s = ids_query(st, 1, &emp)) != HD_OK)
		goto out;
	/* Every step-th tenant: residents are stored property by property. */
	n = ten.n / 3;
	step = n > TOKEN_TENANTS ? n / TOKEN_TENANTS : 1;
	for (i = 0; s == HD_OK && i < n && i / step < TOKEN_TENANTS;
	     i += step) {
		if ((s = new_token(c, org, ten.v[3 * i], tok)) == HD_OK)
			fprintf(f, "tenant\t%lld\t%s\t%lld\t%lld\n",
			    (long long)ten.v[3 * i], tok,
			    (long long)ten.v[3 * i + 1],
			    (long long)ten.v[3 * i + 2]);
	}
	for (i = 0; s == HD_OK && i < emp.n; i++) {
		if ((s = new_token(c, org, emp.v[i], tok)) == HD_OK) {
			fprintf(f, "employee\t%lld\t%s\t0\t0\n",
			    (long long)emp.v[i], tok);
			s = write_reads(c, &g, emp.v[i], tok, fr);
		}
	}
out:
	free(ten.v);
	free(emp.v);
	return s;
}

enum hd_status
demo_scale_tokens(struct db_conn *c, int64_t org_id, const char *path)
{
	char rpath[4096];
	FILE *f = NULL, *fr = NULL;
	enum hd_status s = HD_EIO;

	if ((size_t)snprintf(rpath, sizeof(rpath), "%s.read", path) >=
	    sizeof(rpath))
		return HD_EINVAL;
	if ((f = fopen(path, "w")) == NULL || (fr = fopen(rpath, "w")) == NULL)
		goto out;
	if ((s = db_begin(c)) != HD_OK)
		goto out;
	s = write_tokens(c, org_id, f, fr);
	if (s == HD_OK &&
	    (fflush(f) != 0 || fflush(fr) != 0 || ferror(f) || ferror(fr)))
		s = HD_EIO;
	if (s == HD_OK)
		s = db_commit(c);
	else
		db_rollback(c);
out:
	if (f != NULL && fclose(f) != 0 && s == HD_OK)
		s = HD_EIO;
	if (fr != NULL && fclose(fr) != 0 && s == HD_OK)
		s = HD_EIO;
	return s;
}

/* ---- the command ------------------------------------------------------- */

/* One line "  email  name (what)" from a query for email, name, what. */
static void
print_login(struct db_stmt *st, int64_t org)
{
	db_bind(st, "i", org);
	if (db_row(st) == HD_OK)
		printf("  %-34s %s (%s)\n", db_col_text(st, 0),
		    db_col_text(st, 1), db_col_text(st, 2));
	db_end(st);
}

static void
print_logins(struct db_conn *c, int64_t org)
{
	printf("Logins (password for all: %s):\n", DEMO_SCALE_PASSWORD);
	print_login(
	    db_prepare(c, "SELECT email, name, 'Administration' FROM users "
			  "WHERE org_id = ? AND is_admin = 1 ORDER BY id "
			  "LIMIT 1"),
	    org);
	print_login(
	    db_prepare(c, "SELECT u.email, u.name, r.name || ', ' || "
			  "count(DISTINCT s.property_id) || ' Objekte' "
			  "FROM users u JOIN staff s ON s.employee_id = u.id "
			  "JOIN roles r ON r.id = s.role_id WHERE u.org_id = "
			  "? AND u.is_admin = 0 GROUP BY u.id, r.id "
			  "ORDER BY u.id LIMIT 1"),
	    org);
	print_login(db_prepare(c,
			"SELECT u.email, u.name, CASE WHEN u.name LIKE "
			"'Frau %' THEN 'Mieterin, ' ELSE 'Mieter, ' END || "
			"p.name "
			"FROM residents r JOIN users u ON u.id = r.contact_id "
			"JOIN properties p ON p.id = r.property_id "
			"WHERE r.org_id = ? AND r.relation = 'tenant' "
			"ORDER BY r.id LIMIT 1"),
	    org);
	print_login(db_prepare(c,
			"SELECT u.email, u.name, CASE WHEN u.name LIKE "
			"'Frau %' THEN 'Eigentümerin, ' ELSE 'Eigentümer, ' "
			"END || p.name "
			"FROM residents r JOIN users u ON u.id = r.contact_id "
			"JOIN properties p ON p.id = r.property_id "
			"WHERE r.org_id = ? AND r.relation = 'owner' "
			"ORDER BY r.id LIMIT 1"),
	    org);
}

static enum hd_status
generate(struct db_conn *c, const char *db, double scale, int64_t *org)
{
	struct demo_scale_counts k;
	struct demo_scale_totals tot;
	char hash[160];
	int64_t t0 = hd_mono_ms();
	enum hd_status st;

	demo_scale_counts(scale, &k);
	printf("Generating the demo data set of %s at scale %g into %s:\n",
	    DEMO_SCALE_ORG, scale, db);
	fflush(stdout);
	/* Argon2id is slow on purpose: hash once, share the hash. */
	if ((st = hd_password_hash(DEMO_SCALE_PASSWORD, hash, sizeof(hash))) !=
	    HD_OK)
		return st;
	st = demo_scale_generate(c, &k, hash, stdout, &tot);
	*org = tot.org_id;
	if (st != HD_OK)
		return st;
	printf("Done in %.1f s:\n"
	       "  %lld employees (admins: %lld), %d roles, %lld staff "
	       "assignments\n"
	       "  %lld properties, %lld units, %lld tenants and owners\n"
	       "  %d process types, %lld Vorgänge (%lld unrouted)\n"
	       "  %lld assignees, %lld history rows, %lld comments\n",
	    (double)(hd_mono_ms() - t0) / 1000.0, (long long)k.employees,
	    (long long)k.admins, DEMO_SCALE_ROLES, (long long)tot.staff,
	    (long long)k.properties, (long long)k.units,
	    (long long)tot.residents, DEMO_SCALE_TYPES, (long long)k.processes,
	    (long long)tot.unrouted, (long long)tot.assignees,
	    (long long)tot.history, (long long)tot.comments);
	return HD_OK;
}

int
demo_scale_run(const char *db, double scale, const char *tokens)
{
	struct db_conn *c;
	enum hd_status st;
	int64_t org = 0;

	if ((c = cli_open_db(db, false)) == NULL)
		return 1;
	st = db_scalar(
	    c, &org, "SELECT id FROM orgs WHERE name = ?", "t", DEMO_SCALE_ORG);
	if (st == HD_OK)
		printf("%s is already in %s: nothing generated.\n",
		    DEMO_SCALE_ORG, db);
	else if (st == HD_ENOTFOUND)
		st = generate(c, db, scale, &org);
	if (st == HD_OK && tokens != NULL) {
		st = demo_scale_tokens(c, org, tokens);
		if (st == HD_OK)
			printf(
			    "API tokens in %s and %s.read\n", tokens, tokens);
	}
	if (st == HD_OK)
		print_logins(c, org);
	db_close(c);
	if (st != HD_OK) {
		fprintf(stderr, "hausdesk: the demo data set failed: %s\n",
		    hd_status_str(st));
		return 1;
	}
	return 0;
}
