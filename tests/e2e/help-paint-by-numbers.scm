; The manual's paint-by-numbers recipe, run as written
; (help/en/examples/paint-by-numbers.scm): two flat colours with specks of
; one inside the other become two areas; plainly each speck is an area.
(script-fu-use-v3)
(load (string-append script-dir "/../../help/en/examples/paint-by-numbers.scm"))

; Red and blue halves, 40 × 20, with four 2 × 2 blue specks in the red half
; and one red pixel in the blue half.
(define (make-specked-image)
  (let* ((image (gimp-image-new 40 20 RGB))
         (layer (gimp-layer-new image "art" 40 20 RGB-IMAGE 100 LAYER-MODE-NORMAL)))
    (gimp-image-insert-layer image layer 0 0)
    (gimp-context-set-foreground "red")
    (gimp-drawable-edit-fill layer FILL-FOREGROUND)
    (gimp-context-set-foreground "blue")
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 20 0 20 20)
    (for-each (lambda (x) (gimp-image-select-rectangle image CHANNEL-OP-ADD x 8 2 2))
              '(2 6 10 14))
    (gimp-drawable-edit-fill layer FILL-FOREGROUND)
    (gimp-context-set-foreground "red")
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 30 10 1 1)
    (gimp-drawable-edit-fill layer FILL-FOREGROUND)
    (gimp-selection-none image)
    (list image layer)))

(let* ((made (make-specked-image))
       (plain (plug-in-kmeans-segment #:image (car made) #:drawables (vector (cadr made))
                                      #:n-segments 2)))
  (if (not (= (list-ref plain 7) 7))
      (error "plain k-means should leave 7 regions, got" (list-ref plain 7)))
  (gimp-image-delete (car made)))

(define in-path (string-append gimp-directory "/specked.png"))
(define out-path (string-append gimp-directory "/specked.xcf"))
(let ((made (make-specked-image)))
  (gimp-file-save RUN-NONINTERACTIVE (car made) in-path -1)
  (gimp-image-delete (car made)))

(define counts (kmeans-paint-by-numbers-file in-path out-path 2 16))
(if (not (equal? counts '(2 2)))
    (error "expected 2 colours and 2 areas, got" counts))
(let* ((image (gimp-file-load RUN-NONINTERACTIVE out-path))
       (group (vector-ref (gimp-image-get-layers image) 0))
       (children (gimp-item-get-children group)))
  (if (not (= (vector-length children) 2))
      (error "expected 2 colour layers, got" (vector-length children)))
  (gimp-image-delete image))
(gimp-message "ok - paint-by-numbers.scm: 2 colours, 2 areas (plain k-means: 7)")
